import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import { amqpUrl, testEnvCommand, testVhost } from './helpers/rabbitmq.js';
import { uniqueName } from './helpers/names.js';
import { waitFor } from './helpers/wait-for.js';

describe('RabbitMQ', () => {
  it('keeps a persistent message in a durable queue across a broker restart', async () => {
    const vhost = await testVhost('persist');
    const queue = uniqueName('smoke-queue');
    const body = `persistent ${queue}`;

    const before = await amqp.connect(amqpUrl(vhost));
    const publisher = await before.createConfirmChannel();
    await publisher.assertQueue(queue, { durable: true });
    publisher.sendToQueue(queue, Buffer.from(body), { persistent: true, contentType: 'text/plain' });
    // Confirmed means written by the broker, so the restart below cannot outrun it.
    await publisher.waitForConfirms();
    await before.close();

    // A real restart of the broker process (not only the app inside the Erlang VM).
    await testEnvCommand('restart', 'rabbitmq');

    const after = await waitFor(async () => amqp.connect(amqpUrl(vhost)), {
      description: 'the restarted broker to accept connections',
      timeoutMs: 60_000,
    });
    try {
      const consumer = await after.createChannel();
      const message = await consumer.get(queue, { noAck: false });
      expect(message).not.toBe(false);
      if (message === false) return;
      expect(message.content.toString()).toBe(body);
      expect(message.properties.deliveryMode).toBe(2);
      consumer.ack(message);
      await consumer.deleteQueue(queue);
    } finally {
      await after.close();
    }
  });
});
