/** The consumer's queue depth gauge, cki_messagequeue_queue_messages, against the real broker. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { Consumer } from '../../../src/lib/messagequeue/consumer.js';
import { Publisher } from '../../../src/lib/messagequeue/publisher.js';
import { createRegistry } from '../../../src/lib/metrics.js';
import type { Registry } from 'prom-client';
import { uniqueName } from '../helpers/names.js';
import { waitFor } from '../helpers/wait-for.js';
import { capturedLogger, ownVhost, testConnection } from './helpers.js';

/** The gauge's value for `queue` in a scrape, undefined when it has none. */
async function depth(registry: Registry, queue: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`cki_messagequeue_queue_messages{queue="${queue}"} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('message queue depth', () => {
  it('reports published-but-unconsumed messages on scrape, checks the broker at most every depthInterval, and drops the value on stop', async () => {
    const vhost = await ownVhost('mq-depth');
    const queue = uniqueName('q');
    const { logger } = capturedLogger();
    const registry = createRegistry();
    const connection = testConnection(vhost, logger);
    onTestFinished(() => connection.close());
    let started = 0;
    /** A consumer whose handler holds its one prefetched message until released: the rest stays ready in the queue. */
    const make = (depthInterval: number) => {
      let release: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => (release = resolve));
      const consumer = new Consumer(connection, {
        queue,
        privateQueue: false,
        registry,
        logger,
        prefetch: 1,
        depthInterval,
        bindings: [{ exchange: `${queue}.exchange`, routingKeys: ['jobs.#'] }],
        handler: async () => {
          started += 1;
          await blocked;
        },
      });
      return { consumer, release };
    };
    const { consumer, release } = make(0);
    await consumer.start();
    connection.start();
    await connection.waitConnected();
    const publisher = new Publisher(connection);
    for (let i = 0; i < 5; i += 1) await publisher.publish(`${queue}.exchange`, 'jobs.a', Buffer.from(`{"id":${i}}`));

    // One message is with the handler (unacked), four are ready.
    expect(await waitFor(async () => ((await depth(registry, queue)) === 4 && started === 1 ? 4 : undefined), { description: 'depth 4' })).toBe(4);
    release();
    await consumer.stop();
    expect(await depth(registry, queue)).toBeUndefined();

    // A long interval: the second scrape reports the first check's value, though two more messages arrived.
    const { consumer: slow, release: releaseSlow } = make(3_600_000);
    await slow.start();
    const first = await waitFor(async () => depth(registry, queue), { description: 'a first depth' });
    for (let i = 5; i < 7; i += 1) await publisher.publish(`${queue}.exchange`, 'jobs.a', Buffer.from(`{"id":${i}}`));
    expect(await depth(registry, queue)).toBe(first);
    releaseSlow();
    await slow.stop();
  });
});
