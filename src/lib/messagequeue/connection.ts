import amqp, { type ChannelModel } from 'amqplib';
import { backoff, sleep, type BackoffOptions } from '../backoff.js';
import { DeploymentAllError } from '../errors.js';
import { type Logger } from '../logging.js';
import { connectArguments, shuffled, type BrokerConfig } from './config.js';

/** The broker cannot be reached now; callers answer 503 or wait for the reconnect. */
export class BrokerUnavailableError extends DeploymentAllError {
  override readonly name = 'BrokerUnavailableError';
}

/** Runs on every (re)connection to declare topology and open channels; a throw drops the connection and retries. */
export type ConnectionSetup = (connection: ChannelModel) => Promise<void>;

export interface BrokerConnectionOptions {
  config: BrokerConfig;
  logger: Logger;
  /** Waits between rounds over all hosts; reset after each successful connection. */
  backoff?: BackoffOptions;
  /** Shown to the broker (management UI) and in logs. */
  name?: string;
  /** Called with true/false when the state changes (metrics, readiness). */
  onStateChange?: (connected: boolean) => void;
}

/**
 * One AMQP connection that keeps itself alive: tries the hosts in shuffled order,
 * waits with backoff when none answers, and after a loss (broker restart, network)
 * connects again and re-runs every setup, so consumers and publishers recover by
 * themselves. Nothing here buffers messages: that is what confirms and acks are for.
 */
export class BrokerConnection {
  private current: ChannelModel | undefined;
  private readonly setups: ConnectionSetup[] = [];
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: BrokerConnectionOptions) {}

  /** Registers a setup; runs it at once when already connected. */
  async onConnect(setup: ConnectionSetup): Promise<void> {
    this.setups.push(setup);
    if (this.current !== undefined) await setup(this.current);
  }

  /** Starts connecting in the background (idempotent). */
  start(): void {
    this.loop ??= this.run();
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  /** The live connection, or BrokerUnavailableError. */
  get connection(): ChannelModel {
    if (this.current === undefined) throw new BrokerUnavailableError('not connected to RabbitMQ');
    return this.current;
  }

  /** Resolves once connected (and every setup ran), or rejects after `timeoutMs`. */
  async waitConnected(timeoutMs = 60_000): Promise<void> {
    if (this.current !== undefined) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BrokerUnavailableError(`not connected to RabbitMQ after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Closes the connection and stops reconnecting. */
  async close(): Promise<void> {
    this.stopping.abort();
    const connection = this.current;
    this.current = undefined;
    if (connection !== undefined) {
      try {
        await connection.close();
        this.options.logger.info({ vhost: this.options.config.vhost }, 'broker connection closed');
      } catch (error) {
        // The broker or the network ended it meanwhile: nothing left to close.
        this.options.logger.info({ err: error }, 'broker connection was already closed');
      }
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    let waits = backoff({ initial: 500, max: '30s', ...this.options.backoff });
    while (!this.stopping.signal.aborted) {
      const connection = await this.connectOnce();
      if (connection === undefined) {
        await sleep(waits.next().value, this.stopping.signal);
        continue;
      }
      waits = backoff({ initial: 500, max: '30s', ...this.options.backoff });
      const closed = new Promise<unknown>((resolve) => connection.once('close', resolve));
      // An 'error' is always followed by 'close'; listening keeps it from crashing the process.
      connection.on('error', (error: unknown) => logger.warn({ err: error }, 'broker connection error'));
      this.current = connection;
      this.options.onStateChange?.(true);
      for (const wake of this.waiters.splice(0)) wake();
      const reason = await closed;
      this.current = undefined;
      this.options.onStateChange?.(false);
      if (!this.stopping.signal.aborted) logger.warn({ err: reason }, 'broker connection lost, reconnecting');
    }
  }

  /** One round over the shuffled hosts: a connected model with every setup done, or undefined. */
  private async connectOnce(): Promise<ChannelModel | undefined> {
    const { config, logger, name } = this.options;
    for (const host of shuffled(config.hosts)) {
      if (this.stopping.signal.aborted) return undefined;
      let connection: ChannelModel | undefined;
      try {
        const { options, socket } = connectArguments(config, host);
        if (name !== undefined) socket.clientProperties = { connection_name: name };
        connection = await amqp.connect(options, socket);
        connection.on('error', () => undefined);
        for (const setup of this.setups) await setup(connection);
        logger.info({ host, port: config.port, vhost: config.vhost }, 'connected to broker');
        return connection;
      } catch (error) {
        logger.warn({ err: error, host, port: config.port }, 'broker connection failed');
        await connection?.close().catch(() => undefined);
      }
    }
    return undefined;
  }
}
