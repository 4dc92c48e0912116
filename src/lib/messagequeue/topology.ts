import { randomBytes } from 'node:crypto';
import { type Channel, type Options } from 'amqplib';

/** A binding of the consumer's queue to a topic exchange. */
export interface QueueBinding {
  exchange: string;
  routingKeys: string[];
}

/** The queues of one consumer on one connection. */
export interface QueueNames {
  /** Where messages are consumed from. */
  main: string;
  /** Where a rejected message waits for its cooldown before it is dead-lettered back to main. */
  retry: string;
  /** Where messages that can never be handled (not JSON) are kept for a human. */
  parked: string;
}

/**
 * Names for a connection. In production the shared durable queue `base`; outside it a
 * private name of its own per connection, so a developer's run never takes messages
 * from the real service (and an old exclusive queue cannot lock the new one).
 */
export function queueNames(base: string, privateQueue: boolean): QueueNames {
  const main = privateQueue ? `${base}.private-${randomBytes(4).toString('hex')}` : base;
  return { main, retry: `${main}.retry`, parked: `${main}.parked` };
}

/** The delay queue for one delay: messages expire after `delayMs` back into `main`. */
export function delayQueueName(names: QueueNames, delayMs: number): string {
  return `${names.main}.delay-${delayMs}`;
}

function queueOptions(privateQueue: boolean, args: Record<string, unknown>): Options.AssertQueue {
  // Private queues are exclusive: deleted with the connection, nothing left behind.
  return privateQueue ? { durable: false, exclusive: true, arguments: args } : { durable: true, arguments: args };
}

/**
 * Declares the main queue (rejected messages dead-letter into the retry queue), the
 * retry queue (TTL = cooldown, then dead-letter back into main: the broker does the
 * waiting, no timer in the process), the parking queue, and the bindings.
 */
export async function declareQueues(
  channel: Channel,
  names: QueueNames,
  options: { privateQueue: boolean; cooldownMs: number; bindings: QueueBinding[] },
): Promise<void> {
  const { privateQueue, cooldownMs, bindings } = options;
  await channel.assertQueue(names.main, queueOptions(privateQueue, { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': names.retry }));
  await channel.assertQueue(
    names.retry,
    queueOptions(privateQueue, { 'x-message-ttl': cooldownMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': names.main }),
  );
  await channel.assertQueue(names.parked, queueOptions(privateQueue, {}));
  for (const { exchange, routingKeys } of bindings) {
    await channel.assertExchange(exchange, 'topic', { durable: true });
    for (const key of routingKeys) await channel.bindQueue(names.main, exchange, key);
  }
}

/** Declares the delay queue for one delay (idempotent). */
export async function declareDelayQueue(channel: Channel, names: QueueNames, delayMs: number, privateQueue: boolean): Promise<string> {
  const name = delayQueueName(names, delayMs);
  await channel.assertQueue(
    name,
    queueOptions(privateQueue, { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': names.main }),
  );
  return name;
}

/** Retry rounds so far: how often the broker dead-lettered this message as rejected (`x-death`). */
export function retryRounds(headers: Record<string, unknown> | undefined): number {
  const deaths = headers?.['x-death'];
  if (!Array.isArray(deaths)) return 0;
  let rounds = 0;
  for (const death of deaths as Array<Record<string, unknown>>) {
    if (death.reason === 'rejected' && typeof death.count === 'number') rounds += death.count;
  }
  return rounds;
}
