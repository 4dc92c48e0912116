import { type Channel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { type Registry } from 'prom-client';
import { parseDuration, type Duration } from '../duration.js';
import { isProduction } from '../env.js';
import { type Logger } from '../logging.js';
import { BrokerUnavailableError, type BrokerConnection } from './connection.js';
import { queueMetrics, type QueueMetrics } from './metrics.js';
import { declareDelayQueue, declareQueues, queueNames, retryRounds, type QueueBinding, type QueueNames } from './topology.js';

/** A message as the handler sees it: the parsed JSON body and where it came from. */
export interface ReceivedMessage {
  body: unknown;
  exchange: string;
  routingKey: string;
  headers: Record<string, unknown>;
  /** Retry rounds already behind it (0 the first time). */
  rounds: number;
}

/** Handles one message; a throw sends it to the retry queue for a cooldown, to come back later. */
export type MessageHandler = (message: ReceivedMessage) => Promise<void>;

export interface ConsumerOptions {
  /** Base queue name, e.g. `cki.queue.pipeline-herder`. */
  queue: string;
  bindings?: QueueBinding[];
  handler: MessageHandler;
  logger: Logger;
  registry: Registry;
  /** Unacked messages at a time (default 10). */
  prefetch?: number;
  /** Time in the retry queue after a failure (default 1m). */
  cooldown?: Duration;
  /** A private temporary queue; default: outside production. */
  privateQueue?: boolean;
  /**
   * Least time between two checks of the queue's depth (`cki_messagequeue_queue_messages`,
   * default 15s): the check runs when the registry is scraped, so never more often than
   * scrapes, and a scrape inside the interval reports the last value.
   */
  depthInterval?: Duration;
}

/**
 * Consumes one queue with manual acks and a prefetch. A handled message is acked; a
 * failed one is rejected and the broker dead-letters it into the retry queue, whose TTL
 * sends it back after the cooldown, again and again until handled. A body that is not
 * JSON can never be handled: it is parked (confirmed) and then acked, with a log line.
 */
export class Consumer {
  readonly privateQueue: boolean;
  private names: QueueNames | undefined;
  private channel: Channel | undefined;
  private confirm: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private readonly delayQueues = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cooldownMs: number;
  private readonly metrics: QueueMetrics;
  private stopping = false;
  /** A channel of its own for the passive depth check: a failed check closes its channel. */
  private checkChannel: Channel | undefined;
  private readonly depthIntervalMs: number;
  private lastDepthCheck = Number.NEGATIVE_INFINITY;
  private readonly depthCheck = () => this.checkDepth();

  constructor(
    private readonly connection: BrokerConnection,
    private readonly options: ConsumerOptions,
  ) {
    this.privateQueue = options.privateQueue ?? !isProduction();
    this.cooldownMs = parseDuration(options.cooldown ?? '1m', 'cooldown');
    this.metrics = queueMetrics(options.registry);
    this.depthIntervalMs = parseDuration(options.depthInterval ?? '15s', 'depthInterval');
  }

  /** Name of the queue consumed on the current connection (private names change per connection). */
  get queueName(): string | undefined {
    return this.names?.main;
  }

  /** Registers with the connection: declares and consumes on every (re)connection. */
  async start(): Promise<void> {
    await this.connection.onConnect(async (connection) => {
      if (this.stopping) return;
      const names = queueNames(this.options.queue, this.privateQueue);
      const channel = await connection.createChannel();
      channel.on('error', (error: unknown) => this.options.logger.warn({ err: error, queue: names.main }, 'consumer channel error'));
      await channel.prefetch(this.options.prefetch ?? 10);
      await declareQueues(channel, names, { privateQueue: this.privateQueue, cooldownMs: this.cooldownMs, bindings: this.options.bindings ?? [] });
      const confirm = await connection.createConfirmChannel();
      confirm.on('error', () => undefined);
      const check = await connection.createChannel();
      check.on('error', () => undefined);
      check.on('close', () => {
        if (this.checkChannel === check) this.checkChannel = undefined;
      });
      this.checkChannel = check;
      this.lastDepthCheck = Number.NEGATIVE_INFINITY;
      this.metrics.depthChecks.add(this.depthCheck);
      this.delayQueues.clear();
      this.names = names;
      this.channel = channel;
      this.confirm = confirm;
      const { consumerTag } = await channel.consume(
        names.main,
        (message) => {
          if (message === null) {
            this.options.logger.warn({ queue: names.main }, 'consumer cancelled by the broker');
            return;
          }
          const work = this.handle(channel, message).finally(() => this.inFlight.delete(work));
          this.inFlight.add(work);
        },
        { noAck: false },
      );
      this.consumerTag = consumerTag;
    });
  }

  /**
   * Sends `body` back to this consumer's queue after `delay`: a delay queue per delay
   * value (a TTL queue dead-lettering into the main queue), so the wait survives
   * restarts and no process sleeps. Resolves once the broker confirmed.
   */
  async delay(body: unknown, delay: Duration, headers: Record<string, unknown> = {}): Promise<void> {
    const delayMs = parseDuration(delay, 'delay');
    const { confirm, names } = this;
    if (confirm === undefined || names === undefined || !this.connection.connected) {
      throw new BrokerUnavailableError('not connected to RabbitMQ');
    }
    let queue = `${names.main}.delay-${delayMs}`;
    if (!this.delayQueues.has(queue)) {
      queue = await declareDelayQueue(confirm, names, delayMs, this.privateQueue);
      this.delayQueues.add(queue);
    }
    await sendConfirmed(confirm, queue, Buffer.from(JSON.stringify(body)), headers);
  }

  /**
   * Stops taking messages, waits for those being handled (their acks go out), then
   * returns; the caller closes the connection. Unstarted prefetched messages return to
   * the queue when the channel closes.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.metrics.depthChecks.delete(this.depthCheck);
    this.metrics.depth.remove({ queue: this.options.queue });
    if (this.channel !== undefined && this.consumerTag !== undefined) {
      await this.channel.cancel(this.consumerTag).catch(() => undefined);
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Sets the depth gauge from a passive check of the main queue (messageCount: ready,
   * not unacked), at most once per depthInterval. Not connected: no value, rather than
   * a stale one (BrokerDisconnected covers that case).
   */
  private async checkDepth(): Promise<void> {
    const queue = this.options.queue;
    const channel = this.checkChannel;
    const names = this.names;
    if (channel === undefined || names === undefined || !this.connection.connected) {
      this.metrics.depth.remove({ queue });
      return;
    }
    const now = Date.now();
    if (now - this.lastDepthCheck < this.depthIntervalMs) return;
    this.lastDepthCheck = now;
    try {
      const { messageCount } = await channel.checkQueue(names.main);
      // A check that was under way when stop() ran leaves no value behind.
      if (!this.stopping) this.metrics.depth.set({ queue }, messageCount);
    } catch (error) {
      this.metrics.depth.remove({ queue });
      this.options.logger.warn({ err: error, queue: names.main }, 'cannot check the queue depth');
    }
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const { logger, handler } = this.options;
    const queue = this.options.queue;
    const headers = message.properties.headers ?? {};
    const context = { queue, routingKey: message.fields.routingKey, deliveryTag: message.fields.deliveryTag };
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch (error) {
      await this.park(channel, message, error);
      return;
    }
    const rounds = retryRounds(headers);
    this.metrics.inFlight.inc({ queue });
    try {
      await handler({ body, exchange: message.fields.exchange, routingKey: message.fields.routingKey, headers, rounds });
      if (this.settle(channel, message, 'ack', context)) {
        this.metrics.messages.inc({ queue, result: 'handled' });
        this.metrics.rounds.observe({ queue }, rounds);
      }
    } catch (error) {
      logger.error({ ...context, err: error, rounds, cooldownMs: this.cooldownMs }, 'handler failed, message sent to the retry queue');
      // requeue=false: the broker dead-letters it into the retry queue.
      if (this.settle(channel, message, 'nack', context)) this.metrics.messages.inc({ queue, result: 'retried' });
    } finally {
      this.metrics.inFlight.dec({ queue });
    }
  }

  /**
   * Acks or rejects on the channel that delivered the message. When that channel is
   * gone (connection lost) the broker redelivers the message anyway: log, do not throw.
   */
  private settle(channel: Channel, message: ConsumeMessage, how: 'ack' | 'nack', context: Record<string, unknown>): boolean {
    try {
      if (how === 'ack') channel.ack(message);
      else channel.nack(message, false, false);
      return true;
    } catch (error) {
      this.options.logger.warn({ ...context, err: error }, `cannot ${how} on a closed channel, the broker will redeliver`);
      return false;
    }
  }

  private async park(channel: Channel, message: ConsumeMessage, cause: unknown): Promise<void> {
    const { logger } = this.options;
    const context = { queue: this.options.queue, routingKey: message.fields.routingKey, bytes: message.content.length };
    const confirm = this.confirm;
    const names = this.names;
    try {
      if (confirm === undefined || names === undefined) throw new BrokerUnavailableError('no channel to park the message');
      await sendConfirmed(confirm, names.parked, message.content, { ...message.properties.headers, 'x-parked-reason': 'not JSON' });
      this.settle(channel, message, 'ack', context);
      this.metrics.messages.inc({ queue: this.options.queue, result: 'parked' });
      logger.error({ ...context, err: cause, parkedIn: names.parked }, 'message is not JSON, parked');
    } catch (error) {
      // Not parked: leave it unacked, so it is redelivered rather than lost.
      logger.error({ ...context, err: error }, 'message is not JSON and could not be parked');
    }
  }
}

/** sendToQueue on a confirm channel, resolved when the broker confirmed. */
function sendConfirmed(channel: ConfirmChannel, queue: string, content: Buffer, headers: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.sendToQueue(queue, content, { persistent: true, contentType: 'application/json', headers }, (error: unknown) => {
      if (error) reject(new BrokerUnavailableError(`RabbitMQ did not confirm the message to ${queue}`, { cause: error }));
      else resolve();
    });
  });
}
