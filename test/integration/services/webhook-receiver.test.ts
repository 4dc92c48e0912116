import amqp, { type Channel, type GetMessage } from 'amqplib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BrokerConnection } from '../../../src/lib/messagequeue/connection.js';
import { Publisher } from '../../../src/lib/messagequeue/publisher.js';
import { createRegistry } from '../../../src/lib/metrics.js';
import { startWebhookReceiver } from '../../../src/services/webhook-receiver/server.js';
import { testEnv } from '../helpers/env.js';
import { uniqueName } from '../helpers/names.js';
import { amqpUrl } from '../helpers/rabbitmq.js';
import { waitFor } from '../helpers/wait-for.js';
import { brokerConfig, capturedLogger, ownVhost } from './helpers.js';
import { tcpProxy } from '../helpers/tcp-proxy.js';

const TOKEN = 'receiver-token-9f2c41';
const MR_EVENT = {
  object_kind: 'merge_request',
  project: { path_with_namespace: 'cki-project/kernel-ark', web_url: 'https://gitlab.example.com/cki-project/kernel-ark' },
  object_attributes: { iid: 7 },
};

/** A receiver on a free port, publishing into the test's vhost (optionally through a cuttable proxy), and a queue bound to see what it published. */
async function setup(options: { viaProxy?: boolean; maxBodyBytes?: number } = {}) {
  const vhost = await ownVhost('receiver');
  const exchange = uniqueName('webhooks');
  const { logger, text, lines } = capturedLogger('webhook-receiver', [TOKEN]);
  const proxy = options.viaProxy ? await tcpProxy(testEnv().RABBITMQ_HOST, Number(testEnv().RABBITMQ_PORT)) : undefined;
  if (proxy) onTestFinished(() => proxy.close());
  const config = { ...brokerConfig(vhost), ...(proxy ? { hosts: ['127.0.0.1'], port: proxy.port } : {}) };
  const connection = new BrokerConnection({ config, logger, backoff: { initial: 100, max: 500 } });
  onTestFinished(() => connection.close());
  await connection.onConnect((model) => Publisher.declareExchange(model, exchange));
  connection.start();
  await connection.waitConnected();
  const registry = createRegistry();
  const receiver = await startWebhookReceiver({
    config: { port: 0, exchange, tokens: ['other-token-1234', TOKEN], maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024 },
    publisher: new Publisher(connection, { confirmTimeout: '3s' }),
    logger,
    registry,
    host: '127.0.0.1',
  });
  onTestFinished(() => receiver.close());
  const observer = await amqp.connect(amqpUrl(vhost));
  onTestFinished(() => observer.close());
  const channel: Channel = await observer.createChannel();
  const queue = uniqueName('observed');
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, '#');
  const url = `http://127.0.0.1:${receiver.port}/`;
  const post = (body: string, headers: Record<string, string> = { 'x-gitlab-token': TOKEN }) =>
    fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-instance': 'https://gitlab.example.com', ...headers },
    });
  const take = async (): Promise<GetMessage | undefined> => (await channel.get(queue, { noAck: true })) || undefined;
  return { post, take, url, channel, queue, registry, proxy, connection, text, lines };
}

describe('webhook receiver', () => {
  it('publishes an authenticated event with its routing key and headers, and answers 200 after the confirm', async () => {
    const { post, take, registry } = await setup();
    const body = JSON.stringify(MR_EVENT);
    const response = await post(body);
    expect(response.status).toBe(200);
    // Confirmed before the answer: the message is already in the bound queue.
    const message = await take();
    expect(message?.content.toString()).toBe(body);
    expect(message?.fields.routingKey).toBe('gitlab.example.com.cki-project/kernel-ark.merge_request');
    expect(message?.properties.deliveryMode).toBe(2);
    expect(message?.properties.headers).toMatchObject({
      'message-type': 'gitlab',
      'message-gitlab-event': 'Merge Request Hook',
      'message-event-kind': 'merge_request',
    });
    expect(await registry.getSingleMetricAsString('cki_webhook_receiver_requests_total')).toContain(
      'cki_webhook_receiver_requests_total{event="merge_request",result="published"} 1',
    );
  });

  it('refuses wrong tokens, oversize and malformed bodies, and logs no token', async () => {
    const { post, take, text, registry, url } = await setup({ maxBodyBytes: 4096 });
    expect((await post(JSON.stringify(MR_EVENT), { 'x-gitlab-token': 'wrong-token-5555' })).status).toBe(401);
    expect((await post(JSON.stringify(MR_EVENT), {})).status).toBe(401);
    const large = await post(JSON.stringify({ ...MR_EVENT, padding: 'x'.repeat(10_000) }));
    expect(large.status).toBe(413);
    const malformed = await post('{"object_kind": "push",');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('body is not valid JSON');
    const unroutable = await post('{"object_kind": "push"}');
    expect(unroutable.status).toBe(400);
    expect(await unroutable.text()).toContain('cannot tell the project');
    // Without a Content-Length (chunked), the limit is enforced while reading.
    const chunked = await fetch(url, {
      method: 'POST',
      duplex: 'half',
      headers: { 'x-gitlab-token': TOKEN },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
          controller.close();
        },
      }),
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await fetch(url)).status).toBe(404);
    expect(await take()).toBeUndefined();
    const metrics = await registry.getSingleMetricAsString('cki_webhook_receiver_requests_total');
    expect(metrics).toContain('result="unauthorized"} 2');
    expect(metrics).toContain('result="too_large"} 2');
    expect(metrics).toContain('result="bad_request"} 2');
    expect(text()).not.toContain(TOKEN);
    expect(text()).not.toContain('wrong-token-5555');
  });

  it('answers 503 while the broker is unreachable and loses nothing once it is back', async () => {
    const { post, take, proxy, connection, text } = await setup({ viaProxy: true });
    expect((await post(JSON.stringify({ ...MR_EVENT, n: 1 }))).status).toBe(200);
    proxy?.down();
    await waitFor(async () => (connection.connected ? undefined : true), { description: 'the receiver to notice the outage' });
    const refused = await post(JSON.stringify({ ...MR_EVENT, n: 2 }));
    expect(refused.status).toBe(503);
    proxy?.up();
    // GitLab retries a 503: the same delivery again, until accepted.
    await waitFor(async () => ((await post(JSON.stringify({ ...MR_EVENT, n: 2 }))).status === 200 ? true : undefined), {
      description: 'the retried webhook to be accepted',
      intervalMs: 200,
    });
    const received: number[] = [];
    for (let message = await take(); message !== undefined; message = await take()) {
      received.push((JSON.parse(message.content.toString()) as { n: number }).n);
    }
    expect(received).toEqual([1, 2]);
    expect(text()).toContain('broker unavailable, webhook refused with 503');
  });
});
