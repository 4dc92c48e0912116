import { readFileSync } from 'node:fs';
import { type Options } from 'amqplib';
import { ConfigError } from '../errors.js';
import { envInteger, envList, envString, type Env } from '../env.js';

/** Where and how to reach RabbitMQ, from the team's `RABBITMQ_*` variables. */
export interface BrokerConfig {
  /** Tried in shuffled order on every (re)connection, so clients spread over the cluster. */
  hosts: string[];
  port: number;
  user: string;
  password: string;
  /** Not a team variable: `RABBITMQ_VHOST` (default `/`) lets tests and tenants use their own. */
  vhost: string;
  /** 5671 and 443 mean TLS. */
  tls: boolean;
  /** CA bundle (PEM) for TLS, `RABBITMQ_CAFILE`; the system store when unset. */
  caFile?: string;
  /** Heartbeat, so a dead network is noticed within about two of them. */
  heartbeatSeconds: number;
}

/** Ports on which the broker speaks TLS in the team's clusters. */
export const TLS_PORTS: ReadonlySet<number> = new Set([5671, 443]);

/** Reads `RABBITMQ_HOST` (space-separated), `RABBITMQ_PORT`, `RABBITMQ_USER`, `RABBITMQ_PASSWORD`, `RABBITMQ_CAFILE`. */
export function brokerConfigFromEnv(env: Env = process.env): BrokerConfig {
  const hosts = envList('RABBITMQ_HOST', env);
  if (hosts.length === 0) throw new ConfigError('RABBITMQ_HOST is not set (a space-separated list of broker host names)');
  const port = envInteger('RABBITMQ_PORT', 5672, env, 1, 65535);
  const caFile = env.RABBITMQ_CAFILE?.trim();
  return {
    hosts,
    port,
    user: envString('RABBITMQ_USER', 'guest', env),
    password: envString('RABBITMQ_PASSWORD', 'guest', env),
    vhost: envString('RABBITMQ_VHOST', '/', env),
    tls: TLS_PORTS.has(port),
    ...(caFile ? { caFile } : {}),
    heartbeatSeconds: envInteger('RABBITMQ_HEARTBEAT', 10, env, 0, 3600),
  };
}

/** A copy in random order (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** amqplib's connect arguments for one host: TLS with the CA file when the port says so. */
export function connectArguments(config: BrokerConfig, host: string): { options: Options.Connect; socket: Record<string, unknown> } {
  const options: Options.Connect = {
    protocol: config.tls ? 'amqps' : 'amqp',
    hostname: host,
    port: config.port,
    username: config.user,
    password: config.password,
    vhost: config.vhost,
    heartbeat: config.heartbeatSeconds,
  };
  const socket: Record<string, unknown> = { timeout: 10_000 };
  if (config.tls) {
    socket.servername = host;
    if (config.caFile !== undefined) {
      try {
        socket.ca = [readFileSync(config.caFile)];
      } catch (error) {
        throw new ConfigError(`RABBITMQ_CAFILE: cannot read ${config.caFile}`, { cause: error });
      }
    }
  }
  return { options, socket };
}
