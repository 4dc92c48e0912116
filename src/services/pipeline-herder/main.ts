/**
 * Entry point of the pipeline herder (`npm run start:pipeline-herder`), and its check
 * mode: `npm run start:pipeline-herder -- check <job URL>` prints what the herder would
 * do about one job, and does nothing.
 */
import { createLogger } from '../../lib/logging.js';
import { envString } from '../../lib/env.js';
import { serviceBrokerConnection } from '../../lib/messagequeue/service-connection.js';
import { createRegistry, startMetricsServer } from '../../lib/metrics.js';
import { initSentry } from '../../lib/sentry.js';
import { onShutdown } from '../../lib/shutdown.js';
import { parseJobUrl } from './check-job.js';
import { herderConfigFromEnv } from './config.js';
import { gitlabApi } from './gitlab.js';
import { Herder } from './herder.js';
import { loadMatchers } from './matchers.js';
import { herderMetrics } from './metrics.js';
import { startHerderService } from './service.js';

const SERVICE = 'pipeline-herder';
const logger = createLogger(SERVICE);

async function check(url: string): Promise<void> {
  const { gitlabUrl, project, jobId } = parseJobUrl(url);
  const herder = new Herder({
    gitlab: gitlabApi(gitlabUrl, envString('GITLAB_TOKEN')),
    matchers: loadMatchers(envString('HERDER_MATCHERS')),
    logger,
    metrics: herderMetrics(createRegistry()),
    sideEffects: false,
    delay: async () => undefined,
  });
  const { job, decision } = await herder.evaluate(project, jobId);
  process.stdout.write(
    `${JSON.stringify({ job: { id: job.id, name: job.name, stage: job.stage, status: job.status, failure_reason: job.failure_reason ?? null }, decision }, null, 2)}\n`,
  );
}

async function serve(): Promise<void> {
  initSentry(SERVICE);
  const config = herderConfigFromEnv();
  const registry = createRegistry();
  const connection = serviceBrokerConnection(SERVICE, logger, registry);
  const { consumer } = await startHerderService({ config, connection, logger, registry });
  connection.start();
  const metrics = await startMetricsServer({ registry, readiness: { broker: () => connection.connected } });
  onShutdown(logger, [() => consumer.stop(), () => connection.close(), async () => metrics?.close()]);
  logger.info({ queue: config.queue, matchers: config.matchers.length, production: config.sideEffects, metricsPort: metrics?.port }, 'pipeline herder started');
}

const [command, argument] = process.argv.slice(2);
try {
  if (command === 'check') {
    if (argument === undefined) throw new Error('usage: pipeline-herder check <job URL>');
    await check(argument);
  } else if (command === undefined) {
    await serve();
  } else {
    throw new Error(`unknown command ${command}; usage: pipeline-herder [check <job URL>]`);
  }
} catch (error) {
  logger.fatal({ err: error }, 'pipeline herder failed');
  process.stderr.write(`pipeline-herder: ${error instanceof Error ? error.message : String(error)}\n`);
  logger.flush(() => process.exit(1));
}
