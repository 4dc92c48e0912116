/**
 * `npm run start:<service>` of each bundled service in the installed package, on the test
 * broker (a vhost of its own): up to its health endpoints, one unit of work where it is
 * cheap, then SIGTERM to npm as Kubernetes would send it. The service must drain (the
 * "stopping" line, its broker connection closed), exit 0, and leave no process behind.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService, waitHealthy } from './service-process.mjs';

/** The lines a graceful stop logs, in order (src/lib/shutdown.ts, messagequeue/connection.ts). */
export const DRAIN_EVENTS = ['stopping: draining work in progress', 'broker connection closed', 'stopped'];

/** What is wrong with a stop: its exit, orphans, the drain lines; empty when graceful. */
export function stopProblems({ exit, orphans }, events) {
  const problems = [];
  if (exit.code !== 0) problems.push(`exit ${exit.code ?? exit.signal} after SIGTERM, expected 0`);
  if (orphans.length > 0) problems.push(`processes ${orphans.join(', ')} outlived it (SIGTERM did not reach the service)`);
  const logged = events.map((e) => e.msg);
  let from = 0;
  for (const msg of DRAIN_EVENTS) {
    const at = logged.indexOf(msg, from);
    if (at === -1) problems.push(`no "${msg}" line${from > 0 ? ' after the previous drain step' : ''}`);
    else from = at + 1;
  }
  return problems;
}

/** The services, each with its settings beyond the broker's and what proves it works. */
function services(work, vhost) {
  const matchers = join(work, 'matchers.yml');
  writeFileSync(matchers, '- {name: runner, description: Runner lost., failure_reason: runner_system_failure, action: retry}\n');
  const token = `ci-${randomBytes(12).toString('hex')}`;
  return [
    {
      name: 'webhook-receiver',
      started: 'webhook receiver listening',
      secret: token,
      env: { WEBHOOK_RECEIVER_TOKENS: token, WEBHOOK_RECEIVER_PORT: '0', WEBHOOK_RECEIVER_EXCHANGE: `webhooks-${vhost}` },
      async work(started) {
        const body = JSON.stringify({ object_kind: 'push', project: { path_with_namespace: 'ci/check', web_url: 'https://gitlab.example.com/ci/check' } });
        const response = await fetch(`http://127.0.0.1:${started.port}/`, { method: 'POST', body, headers: { 'x-gitlab-token': token } });
        return response.status === 200 ? undefined : `a webhook got HTTP ${response.status}, expected 200 (published and confirmed)`;
      },
    },
    {
      name: 'pipeline-herder',
      started: 'pipeline herder started',
      secret: token,
      // GitLab is only asked about job events, and none comes here.
      env: { GITLAB_URL: 'https://gitlab.example.com', GITLAB_TOKEN: token, HERDER_MATCHERS: matchers, HERDER_QUEUE: `herder-${vhost}` },
      async work() {
        return undefined;
      },
    },
  ];
}

/**
 * Runs the round. `env` is the environment of the installed package's processes,
 * `broker` the test broker's RABBITMQ_* variables, `rabbitmqctl(args)` administers it.
 */
export async function serviceRound({ app, work, env, broker, rabbitmqctl, problem, log }) {
  const vhost = `prod-install-${randomBytes(4).toString('hex')}`;
  await rabbitmqctl(['add_vhost', vhost]);
  try {
    await rabbitmqctl(['set_permissions', '-p', vhost, broker.RABBITMQ_USER, '.*', '.*', '.*']);
    for (const service of services(work, vhost)) {
      const script = `start:${service.name}`;
      const running = startService(['npm', 'run', script], {
        cwd: app,
        env: {
          ...env, ...broker, ...service.env, RABBITMQ_VHOST: vhost,
          CKI_LOGGING_LEVEL: 'info', CKI_METRICS_ENABLED: 'true', CKI_METRICS_PORT: '0',
        },
      });
      try {
        const started = await running.waitForEvent(service.started);
        await waitHealthy(`http://127.0.0.1:${started.metricsPort}/healthz`);
        await waitHealthy(`http://127.0.0.1:${started.metricsPort}/readyz`);
        const failed = await service.work(started);
        if (failed !== undefined) problem(`npm run ${script}: ${failed}`);
        const stopped = await running.stop();
        log(`  npm run ${script}: ready, then SIGTERM: exit ${stopped.exit.code ?? stopped.exit.signal}`);
        const problems = stopProblems(stopped, running.events);
        if (running.lines.some((line) => line.includes(service.secret) || line.includes(broker.RABBITMQ_PASSWORD))) problems.push('its output shows a secret value');
        if (problems.length > 0) problem(`npm run ${script}: ${problems.join('; ')}\n    ${running.lines.slice(-12).join('\n    ')}`);
      } catch (error) {
        problem(`npm run ${script}: ${error.message}\n    ${running.lines.slice(-12).join('\n    ')}`);
      } finally {
        await running.kill();
      }
    }
  } finally {
    await rabbitmqctl(['delete_vhost', vhost]).catch((error) => problem(`deleting vhost ${vhost}: ${error.message}`));
  }
}
