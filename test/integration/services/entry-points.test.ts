import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BrokerConnection } from '../../../src/lib/messagequeue/connection.js';
import { Publisher } from '../../../src/lib/messagequeue/publisher.js';
import { startGitLabStandIn } from '../../../src/services/pipeline-herder/gitlab-stand-in.js';

import { waitFor } from '../helpers/wait-for.js';
import { brokerConfig, brokerEnv, capturedLogger, compileEntry, ownVhost } from './helpers.js';

/** Starts a compiled entry point; collects its standard output lines. */
function run(script: string, args: string[], env: Record<string, string>): { child: ChildProcess; lines: string[]; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => lines.push(line));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exit };
}

describe('service entry points', () => {
  it('webhook-receiver: starts from the environment, serves, logs JSON without secrets, drains on SIGTERM', async () => {
    const vhost = await ownVhost('receiver-main');
    const script = await compileEntry('src/services/webhook-receiver/main.ts');
    const token = 'main-entry-token-5521';
    const { child, lines, exit } = run(script, [], {
      ...brokerEnv(vhost),
      WEBHOOK_RECEIVER_TOKENS: token,
      WEBHOOK_RECEIVER_PORT: '0',
      CKI_LOGGING_LEVEL: 'debug',
      CKI_METRICS_ENABLED: 'true',
      CKI_METRICS_PORT: '0',
    });
    const started = await waitFor(
      async () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((event) => event.msg === 'webhook receiver listening'),
      { description: 'the receiver to listen' },
    );
    const port = started.port as number;
    const metricsPort = started.metricsPort as number;
    await waitFor(async () => ((await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status === 200 ? true : undefined), { description: 'readiness' });
    const body = JSON.stringify({ object_kind: 'push', project: { path_with_namespace: 'a/b', web_url: 'https://gitlab.example/a/b' } });
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body, headers: { 'x-gitlab-token': token } });
    expect(response.status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).toContain(
      'cki_webhook_receiver_requests_total{event="push",result="published"} 1',
    );
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(brokerEnv(vhost).RABBITMQ_PASSWORD);
    expect(lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('webhook-receiver: a missing setting stops it with a clear message', async () => {
    const script = await compileEntry('src/services/webhook-receiver/main.ts');
    const { lines, exit } = run(script, [], { RABBITMQ_HOST: '127.0.0.1' });
    expect(await exit).toBe(1);
    expect(lines.join('\n')).toContain('WEBHOOK_RECEIVER_TOKENS is not set');
  });

  it('pipeline-herder check: prints what it would do about one job, and does nothing', async () => {
    const gitlab = await startGitLabStandIn({ token: 'glpat-check' });
    onTestFinished(() => gitlab.close());
    gitlab.addJob(7, { id: 99, name: 'build', stage: 'build', status: 'failed', failure_reason: 'runner_system_failure', pipelineId: 3, trace: 'log\n' });
    const dir = mkdtempSync(join(tmpdir(), 'herder-'));
    writeFileSync(
      join(dir, 'matchers.yml'),
      '- {name: runner, description: Runner lost., failure_reason: runner_system_failure, action: retry, retry_delays: [2m]}\n',
    );
    const script = await compileEntry('src/services/pipeline-herder/main.ts');
    const { lines, exit } = run(script, ['check', `${gitlab.url}/group/project-7/-/jobs/99`], {
      GITLAB_TOKEN: 'glpat-check',
      HERDER_MATCHERS: join(dir, 'matchers.yml'),
    });
    expect(await exit).toBe(0);
    const printed = JSON.parse(lines.join('\n')) as Record<string, unknown>;
    expect(printed).toMatchObject({ job: { id: 99, status: 'failed' }, decision: { kind: 'retry', matcher: 'runner', delayMs: 120_000, retries: 0 } });
    expect(gitlab.requests.some((request) => request.method === 'POST')).toBe(false);
    expect(gitlab.requests[0]?.path).toBe('/api/v4/projects/group%2Fproject-7/jobs/99');
  });

  it('pipeline-herder: serves from the environment, handles a job event, drains on SIGTERM', async () => {
    const vhost = await ownVhost('herder-main');
    const gitlab = await startGitLabStandIn({ token: 'glpat-serve-8812' });
    onTestFinished(() => gitlab.close());
    gitlab.addJob(7, { id: 5, name: 'build', stage: 'build', status: 'failed', pipelineId: 3, trace: 'unknown error\n' });
    const dir = mkdtempSync(join(tmpdir(), 'herder-'));
    writeFileSync(join(dir, 'matchers.yml'), '- {name: runner, description: Runner lost., failure_reason: runner_system_failure, action: retry}\n');
    const script = await compileEntry('src/services/pipeline-herder/main.ts');
    const queue = `herder-${vhost}`;
    const { child, lines, exit } = run(script, [], {
      ...brokerEnv(vhost),
      GITLAB_URL: gitlab.url,
      GITLAB_TOKEN: 'glpat-serve-8812',
      HERDER_MATCHERS: join(dir, 'matchers.yml'),
      HERDER_QUEUE: queue,
      HERDER_EXCHANGE: 'jobs',
      CKI_LOGGING_LEVEL: 'info',
      CKI_DEPLOYMENT_ENVIRONMENT: 'production',
      CKI_METRICS_ENABLED: 'true',
      CKI_METRICS_PORT: '0',
    });
    await waitFor(async () => (lines.some((line) => line.includes('connected to broker')) ? true : undefined), { description: 'the herder to connect' });
    const connection = new BrokerConnection({ config: brokerConfig(vhost), logger: capturedLogger().logger });
    onTestFinished(() => connection.close());
    connection.start();
    await connection.waitConnected();
    const event = { object_kind: 'build', build_id: 5, build_status: 'failed', project_id: 7 };
    await new Publisher(connection).publish('jobs', 'gitlab.example.com.group/project-7.build', Buffer.from(JSON.stringify(event)));
    await waitFor(async () => (lines.some((line) => line.includes('job failed for no known reason, reported')) ? true : undefined), {
      description: 'the event to be judged',
    });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(lines.join('\n')).not.toContain('glpat-serve-8812');
    expect(gitlab.requests.map((request) => request.path)).toContain('/api/v4/projects/7/jobs/5/trace');
  });
});
