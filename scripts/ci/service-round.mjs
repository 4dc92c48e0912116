/**
 * Each bundled service started by a given command on the test broker (a vhost of its
 * own): up to its health endpoints, one unit of work where it is cheap, then SIGTERM to
 * the command's process, as Kubernetes sends it. The service must drain (the "stopping"
 * line, its broker connection closed), exit 0, and leave no process behind.
 * The production-install check runs `npm run start:<service>` of the installed package;
 * the integration tests run the command of the rendered Deployment too.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService, waitHealthy } from './service-process.mjs';

/**
 * The lines a graceful stop logs (src/lib/shutdown.ts, messagequeue/connection.ts). Not
 * checked for order: warnings and info lines may come through different streams.
 */
export const DRAIN_EVENTS = ['stopping: draining work in progress', 'broker connection closed', 'stopped'];

/** What is wrong with a stop: its exit, orphans, the drain lines; empty when graceful. */
export function stopProblems({ exit, orphans }, events) {
  const problems = [];
  if (exit.code !== 0)
    problems.push(exit.code === null ? `ended by ${exit.signal} itself after SIGTERM, expected exit 0` : `exit ${exit.code} after SIGTERM, expected 0`);
  if (orphans.length > 0) problems.push(`processes ${orphans.join(', ')} outlived it (SIGTERM did not reach the service)`);
  for (const msg of DRAIN_EVENTS) if (!events.some((e) => e.msg === msg)) problems.push(`no "${msg}" line`);
  const stopped = events.find((e) => e.msg === 'stopped');
  if (stopped !== undefined && stopped.code !== 0) problems.push(`a drain step failed ("stopped" with code ${stopped.code})`);
  return problems;
}

/**
 * The bundled services: each one's settings beyond the broker's (files in `work`, names
 * unique to `vhost`), the line it logs once started, and what proves it works.
 */
export function bundledServices(work, vhost) {
  const matchers = join(work, `matchers-${vhost}.yml`);
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
 * Starts `service` with `argv` in `cwd` (`env`: the process environment, broker
 * included), checks it up to the drain; resolves to the problems found (empty when all is
 * well), each naming the command, and the lines it printed.
 */
export async function checkService(service, { argv, cwd, env, secrets = [] }) {
  const running = startService(argv, {
    cwd,
    env: { ...env, ...service.env, CKI_LOGGING_LEVEL: 'info', CKI_METRICS_ENABLED: 'true', CKI_METRICS_PORT: '0' },
  });
  const problems = [];
  try {
    const started = await running.waitForEvent(service.started);
    await waitHealthy(`http://127.0.0.1:${started.metricsPort}/healthz`);
    await waitHealthy(`http://127.0.0.1:${started.metricsPort}/readyz`);
    const failed = await service.work(started);
    if (failed !== undefined) problems.push(failed);
    problems.push(...stopProblems(await running.stop(), running.events));
    if (running.lines.some((line) => [service.secret, ...secrets].some((secret) => line.includes(secret)))) problems.push('its output shows a secret value');
  } catch (error) {
    problems.push(error.message);
  } finally {
    await running.kill();
  }
  const shown = argv.join(' ');
  return {
    problems: problems.map((text) => `${shown}: ${text}`),
    lines: running.lines,
  };
}

/**
 * `npm run start:<service>` of each bundled service in the installed package `app`.
 * `env` is the environment of its processes, `broker` the test broker's RABBITMQ_*
 * variables, `rabbitmqctl(args)` administers that broker.
 */
export async function serviceRound({ app, work, env, broker, rabbitmqctl, problem, log }) {
  const vhost = `prod-install-${randomBytes(4).toString('hex')}`;
  await rabbitmqctl(['add_vhost', vhost]);
  try {
    await rabbitmqctl(['set_permissions', '-p', vhost, broker.RABBITMQ_USER, '.*', '.*', '.*']);
    for (const service of bundledServices(work, vhost)) {
      const argv = ['npm', 'run', `start:${service.name}`];
      const { problems, lines } = await checkService(service, {
        argv,
        cwd: app,
        env: { ...env, ...broker, RABBITMQ_VHOST: vhost },
        secrets: [broker.RABBITMQ_PASSWORD],
      });
      log(`  ${argv.join(' ')}: ${problems.length === 0 ? 'healthy, drained on SIGTERM, exit 0' : `${problems.length} problem(s)`}`);
      if (problems.length > 0) problem(`${problems.join('\n  ')}\n    ${lines.slice(-12).join('\n    ')}`);
    }
  } finally {
    await rabbitmqctl(['delete_vhost', vhost]).catch((error) => problem(`deleting vhost ${vhost}: ${error.message}`));
  }
}
