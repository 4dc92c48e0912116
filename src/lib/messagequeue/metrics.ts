import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The message queue's metrics, labelled by the queue's base name. */
export interface QueueMetrics {
  messages: Counter<'queue' | 'result'>;
  rounds: Histogram<'queue'>;
  inFlight: Gauge<'queue'>;
  connected: Gauge<'client'>;
}

const byRegistry = new WeakMap<Registry, QueueMetrics>();

/** One set per registry: prom-client refuses a metric name registered twice. */
export function queueMetrics(registry: Registry): QueueMetrics {
  let metrics = byRegistry.get(registry);
  if (metrics === undefined) {
    const registers = [registry];
    metrics = {
      messages: new Counter({
        name: 'cki_messagequeue_messages_total',
        help: 'Messages consumed, by result: handled, retried (handler threw, sent to the retry queue), parked (not JSON)',
        labelNames: ['queue', 'result'],
        registers,
      }),
      rounds: new Histogram({
        name: 'cki_messagequeue_retry_rounds',
        help: 'Retry rounds a message went through before it was handled',
        labelNames: ['queue'],
        buckets: [0, 1, 2, 3, 5, 10, 20, 50, 100],
        registers,
      }),
      inFlight: new Gauge({ name: 'cki_messagequeue_in_flight', help: 'Messages being handled now', labelNames: ['queue'], registers }),
      connected: new Gauge({ name: 'cki_messagequeue_connected', help: '1 while connected to the broker', labelNames: ['client'], registers }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
