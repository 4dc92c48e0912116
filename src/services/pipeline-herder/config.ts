import { parseDuration } from '../../lib/duration.js';
import { envInteger, envList, envString, isProduction, type Env } from '../../lib/env.js';
import { loadMatchers, type Matcher } from './matchers.js';

/** The herder's settings; `GITLAB_TOKEN` is a secret. */
export interface HerderConfig {
  gitlabUrl: string;
  gitlabToken: string;
  matchers: Matcher[];
  /** `HERDER_QUEUE`, default `cki.queue.pipeline-herder`. */
  queue: string;
  /** `HERDER_EXCHANGE`, default `cki.exchange.webhooks` (where the webhook receiver publishes). */
  exchange: string;
  /** `HERDER_ROUTING_KEYS`, default `#.build` (every job event). */
  routingKeys: string[];
  /** `HERDER_TRACE_LIMIT` bytes of the end of a log, default 1 MiB. */
  traceLimitBytes: number;
  /** `HERDER_COOLDOWN` after a failed handling (GitLab down), default 1m. */
  cooldownMs: number;
  /** Retry through GitLab only in production; elsewhere print it. */
  sideEffects: boolean;
  /** `HERDER_GITLAB_REQUESTS_PER_MINUTE`, default 3000: the client-side API rate limit. */
  gitlabRequestsPerMinute?: number;
}

export function herderConfigFromEnv(env: Env = process.env): HerderConfig {
  const keys = envList('HERDER_ROUTING_KEYS', env);
  return {
    gitlabUrl: envString('GITLAB_URL', undefined, env),
    gitlabToken: envString('GITLAB_TOKEN', undefined, env),
    matchers: loadMatchers(envString('HERDER_MATCHERS', undefined, env)),
    queue: envString('HERDER_QUEUE', 'cki.queue.pipeline-herder', env),
    exchange: envString('HERDER_EXCHANGE', 'cki.exchange.webhooks', env),
    routingKeys: keys.length > 0 ? keys : ['#.build'],
    traceLimitBytes: envInteger('HERDER_TRACE_LIMIT', 1024 * 1024, env, 1),
    cooldownMs: parseDuration(envString('HERDER_COOLDOWN', '1m', env), 'HERDER_COOLDOWN'),
    sideEffects: isProduction(env),
    gitlabRequestsPerMinute: envInteger('HERDER_GITLAB_REQUESTS_PER_MINUTE', 3000, env, 1),
  };
}
