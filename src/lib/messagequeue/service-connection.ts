/**
 * The broker connection of a service's entry point: settings from the environment
 * (`RABBITMQ_*`), and its state exported as the `connected` gauge of the queue metrics.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../logging.js';
import { brokerConfigFromEnv } from './config.js';
import { BrokerConnection } from './connection.js';
import { queueMetrics } from './metrics.js';

export function serviceBrokerConnection(service: string, logger: Logger, registry: Registry): BrokerConnection {
  const connected = queueMetrics(registry).connected;
  return new BrokerConnection({
    config: brokerConfigFromEnv(),
    logger,
    name: service,
    onStateChange: (up) => connected.set({ client: service }, up ? 1 : 0),
  });
}
