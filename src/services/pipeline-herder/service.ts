import { type Registry } from 'prom-client';
import { type Logger } from '../../lib/logging.js';
import { type BrokerConnection } from '../../lib/messagequeue/connection.js';
import { Consumer } from '../../lib/messagequeue/consumer.js';
import { type HerderConfig } from './config.js';
import { gitlabApi, type GitLabApi } from './gitlab.js';
import { Herder } from './herder.js';
import { herderMetrics } from './metrics.js';

export interface HerderServiceOptions {
  config: HerderConfig;
  connection: BrokerConnection;
  logger: Logger;
  registry: Registry;
  /** A private temporary queue; default outside production. */
  privateQueue?: boolean;
  gitlab?: GitLabApi;
  prefetch?: number;
}

/** The herder consuming job events: returns the consumer (stop() drains it). */
export async function startHerderService(options: HerderServiceOptions): Promise<{ consumer: Consumer; herder: Herder }> {
  const { config, connection, logger, registry } = options;
  // The handler and the delay refer to each other: both run only after start().
  const consumer: Consumer = new Consumer(connection, {
    queue: config.queue,
    bindings: [{ exchange: config.exchange, routingKeys: config.routingKeys }],
    handler: (message) => herder.handle(message),
    logger,
    registry,
    cooldown: config.cooldownMs,
    prefetch: options.prefetch ?? 10,
    ...(options.privateQueue === undefined ? {} : { privateQueue: options.privateQueue }),
  });
  const herder: Herder = new Herder({
    gitlab:
      options.gitlab ??
      gitlabApi(
        config.gitlabUrl,
        config.gitlabToken,
        config.gitlabRequestsPerMinute === undefined ? {} : { requestsPerMinute: config.gitlabRequestsPerMinute },
      ),
    matchers: config.matchers,
    logger,
    metrics: herderMetrics(registry),
    sideEffects: config.sideEffects,
    traceLimitBytes: config.traceLimitBytes,
    delay: (body, delayMs) => consumer.delay(body, delayMs),
  });
  await consumer.start();
  return { consumer, herder };
}
