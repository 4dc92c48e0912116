import { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { parseDuration, type Duration } from '../duration.js';
import { BrokerUnavailableError, type BrokerConnection } from './connection.js';

export interface PublishOptions {
  headers?: Record<string, unknown>;
  contentType?: string;
  /** Per-message TTL in milliseconds (AMQP `expiration`). */
  expiration?: number;
}

export interface PublisherOptions {
  /** Without a confirm by then the publish fails (the broker may be blocked or gone); default 10s. */
  confirmTimeout?: Duration;
}

/**
 * Publishes persistent messages on a confirm channel and resolves only when the broker
 * has confirmed them (written to disk for durable queues). Fails fast with
 * BrokerUnavailableError while disconnected: the caller decides (e.g. answer 503).
 */
export class Publisher {
  private channel: Promise<ConfirmChannel> | undefined;
  private readonly confirmTimeoutMs: number;

  constructor(
    private readonly connection: BrokerConnection,
    options: PublisherOptions = {},
  ) {
    this.confirmTimeoutMs = parseDuration(options.confirmTimeout ?? '10s', 'confirmTimeout');
  }

  /** Declares a durable exchange; idempotent, call once the connection is up (e.g. in a setup). */
  static async declareExchange(connection: ChannelModel, exchange: string, type = 'topic'): Promise<void> {
    const channel = await connection.createChannel();
    try {
      await channel.assertExchange(exchange, type, { durable: true });
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Publishes and waits for the broker's confirm. */
  async publish(exchange: string, routingKey: string, body: Buffer, options: PublishOptions = {}): Promise<void> {
    const channel = await this.getChannel();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BrokerUnavailableError(`no confirm from RabbitMQ within ${this.confirmTimeoutMs} ms`)), this.confirmTimeoutMs);
      try {
        channel.publish(
          exchange,
          routingKey,
          body,
          {
            persistent: true,
            contentType: options.contentType ?? 'application/json',
            headers: options.headers ?? {},
            ...(options.expiration === undefined ? {} : { expiration: String(options.expiration) }),
          },
          (error: unknown) => {
            clearTimeout(timer);
            if (error) reject(new BrokerUnavailableError('RabbitMQ did not confirm the message', { cause: error }));
            else resolve();
          },
        );
      } catch (error) {
        clearTimeout(timer);
        reject(new BrokerUnavailableError('cannot publish to RabbitMQ', { cause: error }));
      }
    });
  }

  /** The confirm channel of the live connection, opened on first use and again after a loss. */
  private getChannel(): Promise<ConfirmChannel> {
    const connection = this.connection.connection;
    if (this.channel === undefined) {
      const opening = connection.createConfirmChannel().then((channel) => {
        // A closed channel (connection lost, or a channel error such as a missing exchange) is replaced on next use.
        channel.on('close', () => {
          if (this.channel === opening) this.channel = undefined;
        });
        channel.on('error', () => undefined);
        return channel;
      });
      opening.catch(() => {
        if (this.channel === opening) this.channel = undefined;
      });
      this.channel = opening;
    }
    return this.channel.catch((error: unknown) => {
      throw new BrokerUnavailableError('cannot open a channel to RabbitMQ', { cause: error });
    });
  }
}
