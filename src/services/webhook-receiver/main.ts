/**
 * Entry point of the GitLab webhook receiver (`npm run start:webhook-receiver`):
 * wires the library (logging, Sentry, metrics, broker) to the HTTP endpoint.
 */
import { createLogger } from '../../lib/logging.js';
import { serviceBrokerConnection } from '../../lib/messagequeue/service-connection.js';
import { Publisher } from '../../lib/messagequeue/publisher.js';
import { createRegistry, startMetricsServer } from '../../lib/metrics.js';
import { initSentry } from '../../lib/sentry.js';
import { onShutdown } from '../../lib/shutdown.js';
import { receiverConfigFromEnv } from './config.js';
import { startWebhookReceiver } from './server.js';

const SERVICE = 'webhook-receiver';
const logger = createLogger(SERVICE);
try {
  initSentry(SERVICE);
  const config = receiverConfigFromEnv();
  const registry = createRegistry();
  const connection = serviceBrokerConnection(SERVICE, logger, registry);
  await connection.onConnect(async (model) => {
    try {
      await Publisher.declareExchange(model, config.exchange);
    } catch (error) {
      // A publisher account may lack the configure permission; the exchange then has to exist already.
      logger.warn({ err: error, exchange: config.exchange }, 'cannot declare the exchange, assuming it exists');
    }
  });
  connection.start();
  const receiver = await startWebhookReceiver({ config, publisher: new Publisher(connection), logger, registry });
  const metrics = await startMetricsServer({ registry, readiness: { broker: () => connection.connected } });
  onShutdown(logger, [() => receiver.close(), () => connection.close(), async () => metrics?.close()]);
  logger.info({ port: receiver.port, metricsPort: metrics?.port, exchange: config.exchange }, 'webhook receiver listening');
} catch (error) {
  logger.fatal({ err: error }, 'webhook receiver cannot start');
  logger.flush(() => process.exit(1));
}
