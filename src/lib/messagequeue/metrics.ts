import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The message queue's metrics, labelled by the queue's base name. */
export interface QueueMetrics {
  messages: Counter<'queue' | 'result'>;
  rounds: Histogram<'queue'>;
  inFlight: Gauge<'queue'>;
  connected: Gauge<'client'>;
  /** Ready messages in a consumer's main queue: set on scrape by the `depthChecks` (see Consumer). */
  depth: Gauge<'queue'>;
  /** Run before each scrape of `depth`, one per started consumer; each bounds how often it asks the broker. */
  depthChecks: Set<() => Promise<void>>;
}

const byRegistry = new WeakMap<Registry, QueueMetrics>();

/** One set per registry: prom-client refuses a metric name registered twice. */
export function queueMetrics(registry: Registry): QueueMetrics {
  let metrics = byRegistry.get(registry);
  if (metrics === undefined) {
    const registers = [registry];
    const depthChecks = new Set<() => Promise<void>>();
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
      depth: new Gauge({
        name: 'cki_messagequeue_queue_messages',
        help: 'Messages ready in the consumed queue (published, not delivered yet), from a passive queue check at most every depthInterval',
        labelNames: ['queue'],
        registers,
        async collect() {
          await Promise.all([...depthChecks].map((check) => check()));
        },
      }),
      depthChecks,
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
