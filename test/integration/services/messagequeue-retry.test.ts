import amqp from 'amqplib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Consumer, type ReceivedMessage } from '../../../src/lib/messagequeue/consumer.js';
import { Publisher } from '../../../src/lib/messagequeue/publisher.js';
import { createRegistry } from '../../../src/lib/metrics.js';
import { uniqueName } from '../helpers/names.js';
import { amqpUrl, testEnvCommand } from '../helpers/rabbitmq.js';
import { waitFor } from '../helpers/wait-for.js';
import { capturedLogger, ownVhost, testConnection } from './helpers.js';

/** Ready messages in a queue, through a separate connection. */
async function messageCount(vhost: string, queue: string): Promise<number> {
  const connection = await amqp.connect(amqpUrl(vhost));
  try {
    connection.on('error', () => undefined);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}

describe('message queue consumer', () => {
  it('retries a failing handler through the retry queue until it succeeds, and acks once', async () => {
    const vhost = await ownVhost('mq-retry');
    const queue = uniqueName('q');
    const { logger } = capturedLogger();
    const registry = createRegistry();
    const connection = testConnection(vhost, logger);
    onTestFinished(() => connection.close());
    const calls: Array<{ rounds: number; at: number }> = [];
    const consumer = new Consumer(connection, {
      queue,
      privateQueue: false,
      registry,
      logger,
      cooldown: 300,
      bindings: [{ exchange: `${queue}.exchange`, routingKeys: ['jobs.#'] }],
      handler: async (message: ReceivedMessage) => {
        calls.push({ rounds: message.rounds, at: Date.now() });
        expect(message.body).toEqual({ id: 1 });
        if (calls.length < 3) throw new Error(`transient failure ${calls.length}`);
      },
    });
    await consumer.start();
    connection.start();
    await connection.waitConnected();
    await new Publisher(connection).publish(`${queue}.exchange`, 'jobs.a', Buffer.from('{"id":1}'));

    await waitFor(async () => (calls.length >= 3 ? true : undefined), { description: 'the third round', timeoutMs: 20_000, intervalMs: 50 });
    expect(calls.map((call) => call.rounds)).toEqual([0, 1, 2]);
    // Each round waited out the cooldown in the retry queue.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(250);
    expect((calls[2]?.at ?? 0) - (calls[1]?.at ?? 0)).toBeGreaterThanOrEqual(250);
    const metrics = await registry.getSingleMetricAsString('cki_messagequeue_messages_total');
    await waitFor(async () => ((await registry.getSingleMetricAsString('cki_messagequeue_messages_total')).includes('result="handled"') ? true : undefined), {
      description: 'the handled metric',
    });
    expect(metrics).toContain(`cki_messagequeue_messages_total{queue="${queue}",result="retried"} 2`);
    expect(await registry.getSingleMetricAsString('cki_messagequeue_retry_rounds')).toContain(`cki_messagequeue_retry_rounds_sum{queue="${queue}"} 2`);

    await consumer.stop();
    await connection.close();
    // Acked: nothing returns to the queue once the consumer's channel is gone, and no copy waits in the retry queue.
    expect(await messageCount(vhost, queue)).toBe(0);
    expect(await messageCount(vhost, `${queue}.retry`)).toBe(0);
    expect(calls).toHaveLength(3);
  });

  it('parks a message that is not JSON with a log line, and goes on with the next', async () => {
    const vhost = await ownVhost('mq-park');
    const queue = uniqueName('q');
    const { logger, text } = capturedLogger();
    const connection = testConnection(vhost, logger);
    onTestFinished(() => connection.close());
    const handled: unknown[] = [];
    const consumer = new Consumer(connection, {
      queue,
      privateQueue: false,
      registry: createRegistry(),
      logger,
      handler: async (message) => {
        handled.push(message.body);
      },
    });
    await consumer.start();
    connection.start();
    await connection.waitConnected();
    const raw = await amqp.connect(amqpUrl(vhost));
    onTestFinished(() => raw.close());
    const channel = await raw.createConfirmChannel();
    channel.sendToQueue(queue, Buffer.from('{not json'), { persistent: true });
    channel.sendToQueue(queue, Buffer.from('{"ok":true}'), { persistent: true });
    await channel.waitForConfirms();

    await waitFor(async () => (handled.length === 1 ? true : undefined), { description: 'the good message' });
    expect(handled).toEqual([{ ok: true }]);
    expect(await waitFor(async () => ((await messageCount(vhost, `${queue}.parked`)) === 1 ? 1 : undefined), { description: 'the parked message' })).toBe(1);
    expect(text()).toContain('message is not JSON, parked');
    const parked = await channel.get(`${queue}.parked`);
    expect(parked && parked.content.toString()).toBe('{not json');
  });

  it('outside production consumes from a private temporary queue that disappears with the connection', async () => {
    const vhost = await ownVhost('mq-private');
    const queue = uniqueName('q');
    const { logger } = capturedLogger();
    const connection = testConnection(vhost, logger);
    onTestFinished(() => connection.close());
    const consumer = new Consumer(connection, { queue, registry: createRegistry(), logger, handler: async () => undefined });
    expect(consumer.privateQueue).toBe(process.env.CKI_DEPLOYMENT_ENVIRONMENT !== 'production');
    await consumer.start();
    connection.start();
    await connection.waitConnected();
    const name = consumer.queueName ?? '';
    expect(name).toMatch(new RegExp(`^${queue}\\.private-[0-9a-f]{8}$`));
    const listQueues = async (): Promise<string> => testEnvCommand('rabbitmqctl', 'list_queues', '-q', '-p', vhost, 'name', 'exclusive');
    expect(await listQueues()).toMatch(new RegExp(`^${name}\\s+true$`, 'm'));
    await connection.close();
    await waitFor(async () => ((await listQueues()).includes(name) ? undefined : true), { description: 'the private queue to be deleted' });
    expect(await listQueues()).not.toContain(queue);
  });

  it('stop() lets the message in progress finish and ack before returning', async () => {
    const vhost = await ownVhost('mq-drain');
    const queue = uniqueName('q');
    const { logger } = capturedLogger();
    const connection = testConnection(vhost, logger);
    onTestFinished(() => connection.close());
    let release: () => void = () => undefined;
    let started = false;
    let finished = false;
    const consumer = new Consumer(connection, {
      queue,
      privateQueue: false,
      registry: createRegistry(),
      logger,
      handler: async () => {
        started = true;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        finished = true;
      },
    });
    await consumer.start();
    connection.start();
    await connection.waitConnected();
    await new Publisher(connection).publish('', queue, Buffer.from('{}'));
    await waitFor(async () => (started ? true : undefined), { description: 'the handler to start' });
    const stopping = consumer.stop();
    let stopped = false;
    void stopping.then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    await connection.close();
    expect(await messageCount(vhost, queue)).toBe(0);
  });
});
