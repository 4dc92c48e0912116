import { describe, expect, it, onTestFinished } from 'vitest';
import { Publisher } from '../../../src/lib/messagequeue/publisher.js';
import { createRegistry } from '../../../src/lib/metrics.js';
import { type HerderConfig } from '../../../src/services/pipeline-herder/config.js';
import { startGitLabStandIn, type StandInJob } from '../../../src/services/pipeline-herder/gitlab-stand-in.js';
import { parseMatchers } from '../../../src/services/pipeline-herder/matchers.js';
import { startHerderService } from '../../../src/services/pipeline-herder/service.js';
import { uniqueName } from '../helpers/names.js';

import { waitFor } from '../helpers/wait-for.js';
import { capturedLogger, ownVhost, testConnection } from './helpers.js';

const TOKEN = 'glpat-herder-test-7731';
const PROJECT = 7;
const MATCHERS = `
- name: runner-lost
  description: The runner lost the job.
  failure_reason: runner_system_failure
  action: retry
  retry_limit: 2
  retry_delays: [400ms, 800ms]
- name: network
  description: Network timeouts.
  messages: ['/Connection timed out/']
  action: retry
  retry_delays: [200ms]
`;

async function setup(options: { sideEffects?: boolean; traceLimitBytes?: number } = {}) {
  const vhost = await ownVhost('herder');
  const exchange = uniqueName('webhooks');
  const gitlab = await startGitLabStandIn({ token: TOKEN });
  onTestFinished(() => gitlab.close());
  const { logger, text } = capturedLogger('pipeline-herder', [TOKEN]);
  const registry = createRegistry();
  const config: HerderConfig = {
    gitlabUrl: gitlab.url,
    gitlabToken: TOKEN,
    matchers: parseMatchers(MATCHERS),
    queue: uniqueName('herder'),
    exchange,
    routingKeys: ['#.build'],
    traceLimitBytes: options.traceLimitBytes ?? 1024 * 1024,
    cooldownMs: 500,
    sideEffects: options.sideEffects ?? true,
  };
  const connection = testConnection(vhost, logger);
  onTestFinished(() => connection.close());
  const { consumer } = await startHerderService({ config, connection, logger, registry, privateQueue: false });
  connection.start();
  await connection.waitConnected();
  onTestFinished(() => consumer.stop());
  const publisher = new Publisher(connection);
  const sent = new Map<number, number>();
  /** Sends GitLab's job event for a job, as the webhook receiver would publish it. */
  const jobEvent = async (job: StandInJob): Promise<void> => {
    gitlab.addJob(PROJECT, job);
    const body = {
      object_kind: 'build',
      build_id: job.id,
      build_name: job.name,
      build_stage: job.stage,
      build_status: job.status,
      build_failure_reason: job.failure_reason ?? 'unknown_failure',
      pipeline_id: job.pipelineId,
      project_id: PROJECT,
      repository: { homepage: `${gitlab.url}/group/project-7` },
    };
    sent.set(job.id, Date.now());
    await publisher.publish(exchange, `gitlab.example.com.group/project-7.build`, Buffer.from(JSON.stringify(body)));
  };
  const retries = () => gitlab.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/retry'));
  const metric = async (name: string) => registry.getSingleMetricAsString(name);
  return { gitlab, jobEvent, retries, metric, text, sent };
}

const failed = (id: number, extra: Partial<StandInJob> = {}): StandInJob => ({
  id,
  name: 'build x86_64',
  stage: 'build',
  status: 'failed',
  pipelineId: 500,
  trace: 'building...\n',
  ...extra,
});

describe('pipeline herder', () => {
  it('retries a transient failure after its delay, with growing delays, up to the limit', async () => {
    const { gitlab, jobEvent, retries, metric, text, sent } = await setup();
    await jobEvent(failed(1, { failure_reason: 'runner_system_failure' }));
    await waitFor(async () => (retries().length === 1 ? true : undefined), { description: 'the first retry' });
    const firstRetryAt = Date.now();
    expect(firstRetryAt - (sent.get(1) ?? 0)).toBeGreaterThanOrEqual(400);
    expect(retries()[0]?.path).toBe(`/api/v4/projects/${PROJECT}/jobs/1/retry`);

    // The retried job (id 2, created by the stand-in) fails the same way.
    await jobEvent({ ...failed(2, { failure_reason: 'runner_system_failure' }) });
    await waitFor(async () => (retries().length === 2 ? true : undefined), { description: 'the second retry' });
    expect(Date.now() - (sent.get(2) ?? 0)).toBeGreaterThanOrEqual(800);

    // The third attempt fails too: two retries are the limit, it is reported and left alone.
    await jobEvent({ ...failed(3, { failure_reason: 'runner_system_failure' }) });
    await waitFor(async () => (text().includes('retry limit 2 reached') ? true : undefined), { description: 'the limit report' });
    expect(retries()).toHaveLength(2);
    expect(
      gitlab
        .jobs(PROJECT)
        .map((job) => job.id)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(await metric('cki_herder_problem_retries')).toContain('cki_herder_problem_retries{matcher="runner-lost",stage="build",job="build x86_64"} 2');
    expect(await metric('cki_herder_problem_detected')).toContain('cki_herder_problem_detected{matcher="runner-lost",stage="build",job="build x86_64"} 3');
    expect(text()).not.toContain(TOKEN);
  });

  it('reports a failure no matcher knows and does not retry it', async () => {
    const { jobEvent, retries, metric, text } = await setup();
    await jobEvent(failed(10, { trace: 'error: undefined reference to foo\n' }));
    await waitFor(async () => ((await metric('cki_herder_no_problem_detected')).includes('job="build x86_64"} 1') ? true : undefined), {
      description: 'the report',
    });
    expect(text()).toContain('job failed for no known reason, reported');
    expect(retries()).toHaveLength(0);
  });

  it('leaves alone a job already retried three times, and jobs that did not fail or have a newer attempt', async () => {
    const { gitlab, jobEvent, retries, text } = await setup();
    for (const id of [20, 21, 22]) gitlab.addJob(PROJECT, failed(id, { trace: 'Connection timed out\n' }));
    await jobEvent(failed(23, { trace: 'Connection timed out\n' }));
    await waitFor(async () => (text().includes('retry limit 3 reached') ? true : undefined), { description: 'the limit report' });
    // A success, a cancel, and a failed job that already has a newer attempt: none is retried.
    await jobEvent({ ...failed(30), status: 'success' });
    await jobEvent({ ...failed(31, { name: 'lint' }), status: 'canceled' });
    gitlab.addJob(PROJECT, failed(33, { name: 'test', status: 'pending' }));
    await jobEvent(failed(32, { name: 'test', trace: 'Connection timed out\n' }));
    await waitFor(async () => (text().includes('the pipeline has a newer attempt of this job') ? true : undefined), {
      description: 'the newer attempt to be seen',
    });
    expect(retries()).toHaveLength(0);
    // Events of jobs that did not fail cost no GitLab request at all.
    expect(gitlab.requests.some((request) => /\/jobs\/3[01]/.test(request.path))).toBe(false);
  });

  it('reads a huge log only up to its limit, from the end', async () => {
    const { gitlab, jobEvent, retries, metric } = await setup({ traceLimitBytes: 64 * 1024 });
    // 32 MB of log; the known message only at the very start: outside the tail, so not a known problem.
    await jobEvent(failed(40, { trace: { head: 'Connection timed out\n', repeat: 'compiling, and more log lines\n', times: 1_000_000, tail: 'done\n' } }));
    await waitFor(async () => ((await metric('cki_herder_no_problem_detected')).includes('} 1') ? true : undefined), {
      description: 'the huge log to be judged',
    });
    expect(gitlab.requests.find((request) => request.path.endsWith('/jobs/40/trace'))?.range).toBe(`bytes=-${64 * 1024}`);
    // The same message in the tail is found.
    await jobEvent(failed(41, { name: 'other', trace: { repeat: 'x'.repeat(99) + '\n', times: 300_000, tail: 'Connection timed out\n' } }));
    await waitFor(async () => (retries().length === 1 ? true : undefined), { description: 'the retry of the job with the message in its tail' });
    expect(retries()[0]?.path).toContain('/jobs/41/retry');
  });

  it('outside production prints the retry instead of doing it', async () => {
    const { jobEvent, retries, text } = await setup({ sideEffects: false });
    await jobEvent(failed(50, { trace: 'Connection timed out\n' }));
    await waitFor(async () => (text().includes('would retry the job (not production)') ? true : undefined), { description: 'the printed retry' });
    expect(retries()).toHaveLength(0);
  });
});
