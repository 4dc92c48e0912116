import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BrokerUnavailableError } from '../../../src/lib/messagequeue/connection.js';
import { Consumer, type ReceivedMessage } from '../../../src/lib/messagequeue/consumer.js';
import { Publisher } from '../../../src/lib/messagequeue/publisher.js';
import { createRegistry } from '../../../src/lib/metrics.js';
import { uniqueName } from '../helpers/names.js';
import { testEnvCommand } from '../helpers/rabbitmq.js';
import { waitFor } from '../helpers/wait-for.js';
import { brokerEnv, capturedLogger, compileEntry, ownVhost, testConnection } from './helpers.js';

describe('message queue failures', () => {
  it('redelivers the message a consumer was handling when it was killed with SIGKILL', async () => {
    const vhost = await ownVhost('mq-kill');
    const queue = uniqueName('q');
    const script = await compileEntry('test/integration/services/fixtures/stuck-consumer.ts');
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...brokerEnv(vhost), TEST_QUEUE: queue }, stdio: ['ignore', 'pipe', 'inherit'] });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    await waitFor(async () => (lines.includes('ready') ? true : undefined), { description: 'the child consumer to connect' });

    const { logger } = capturedLogger();
    const connection = testConnection(vhost, logger);
    onTestFinished(() => connection.close());
    connection.start();
    await connection.waitConnected();
    await new Publisher(connection).publish('', queue, Buffer.from('{"n":42}'));
    await waitFor(async () => (lines.includes('started {"n":42}') ? true : undefined), { description: 'the child to start the message' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    expect(await exited).toBeNull();

    const handled: ReceivedMessage[] = [];
    const consumer = new Consumer(connection, {
      queue,
      privateQueue: false,
      registry: createRegistry(),
      logger,
      handler: async (message) => {
        handled.push(message);
      },
    });
    await consumer.start();
    await waitFor(async () => (handled.length > 0 ? true : undefined), { description: 'the redelivery' });
    expect(handled.map((message) => message.body)).toEqual([{ n: 42 }]);
    await consumer.stop();
  });

  it('producer and consumer both reconnect after a broker restart; nothing confirmed is lost', async () => {
    const vhost = await ownVhost('mq-restart');
    const queue = uniqueName('q');
    const { logger, text } = capturedLogger();
    const producerConnection = testConnection(vhost, logger);
    const consumerConnection = testConnection(vhost, logger);
    onTestFinished(() => producerConnection.close());
    onTestFinished(() => consumerConnection.close());
    const handled: number[] = [];
    const consumer = new Consumer(consumerConnection, {
      queue,
      privateQueue: false,
      registry: createRegistry(),
      logger,
      prefetch: 5,
      handler: async (message) => {
        handled.push((message.body as { n: number }).n);
      },
    });
    await consumer.start();
    consumerConnection.start();
    producerConnection.start();
    await Promise.all([consumerConnection.waitConnected(), producerConnection.waitConnected()]);
    const publisher = new Publisher(producerConnection);

    // A producer that keeps publishing through the outage, repeating what was not confirmed (as a real one must).
    const confirmed = new Set<number>();
    let refused = 0;
    let restarted = false;
    let confirmedAfterRestart = 0;
    const producing = (async () => {
      for (let n = 0; !restarted || confirmedAfterRestart < 20;) {
        try {
          await publisher.publish('', queue, Buffer.from(JSON.stringify({ n })));
          confirmed.add(n);
          if (restarted) confirmedAfterRestart += 1;
          n += 1;
        } catch (error) {
          expect(error).toBeInstanceOf(BrokerUnavailableError);
          refused += 1;
          await producerConnection.waitConnected(120_000);
        }
      }
    })();
    await waitFor(async () => (handled.length >= 20 ? true : undefined), { description: 'traffic before the restart' });
    await testEnvCommand('restart', 'rabbitmq');
    restarted = true;
    await producing;
    await waitFor(async () => ([...confirmed].every((n) => handled.includes(n)) ? true : undefined), {
      description: 'every confirmed message handled',
      timeoutMs: 60_000,
    });

    expect(text()).toContain('broker connection lost, reconnecting');
    expect(refused).toBeGreaterThan(0);
    // Duplicates only for messages in flight (unacked) at the moment of the restart: at most the prefetch.
    const duplicates = handled.length - new Set(handled).size;
    expect(duplicates).toBeLessThanOrEqual(5);
    await consumer.stop();
  });
});
