import { ConfigError } from '../../lib/errors.js';
import { envInteger, envList, envString, type Env } from '../../lib/env.js';

/** The receiver's settings, from `WEBHOOK_RECEIVER_*`. */
export interface ReceiverConfig {
  /** `WEBHOOK_RECEIVER_PORT`, default 8080. */
  port: number;
  /** `WEBHOOK_RECEIVER_EXCHANGE`, default `cki.exchange.webhooks` (a topic exchange). */
  exchange: string;
  /** `WEBHOOK_RECEIVER_TOKENS` (a secret): the accepted `X-Gitlab-Token` values, space-separated. */
  tokens: string[];
  /** `WEBHOOK_RECEIVER_MAX_BYTES`, default 10 MiB: larger bodies get 413. */
  maxBodyBytes: number;
}

export function receiverConfigFromEnv(env: Env = process.env): ReceiverConfig {
  const tokens = envList('WEBHOOK_RECEIVER_TOKENS', env);
  if (tokens.length === 0) {
    throw new ConfigError('WEBHOOK_RECEIVER_TOKENS is not set: without accepted tokens every webhook would be refused');
  }
  return {
    port: envInteger('WEBHOOK_RECEIVER_PORT', 8080, env, 0, 65535),
    exchange: envString('WEBHOOK_RECEIVER_EXCHANGE', 'cki.exchange.webhooks', env),
    tokens,
    maxBodyBytes: envInteger('WEBHOOK_RECEIVER_MAX_BYTES', 10 * 1024 * 1024, env, 1),
  };
}
