import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { type Env } from './env.js';

export type { Logger } from 'pino';

/** Options of createLogger; every field has a default from the environment. */
export interface LoggerOptions {
  /** `CKI_LOGGING_LEVEL` by default, else `warn`. */
  level?: string;
  /** Where JSON lines go; standard output by default. */
  destination?: DestinationStream;
  /** Secret values to redact, in addition to those found in the environment. */
  secrets?: Iterable<string>;
  env?: Env;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Environment variables whose values are secrets: the team's naming convention. */
const SECRET_NAME = /(PASSWORD|TOKENS?|SECRET|_DSN|_KEY)$/;

/**
 * Below this length a value is not redacted: replacing a two-letter string everywhere
 * would garble every line and could break the JSON. Real secrets are far longer.
 */
export const MIN_REDACTED_LENGTH = 4;

export const REDACTED = '[REDACTED]';

/** Secret values from the environment: each word of every variable named like a secret. */
export function secretValuesFromEnv(env: Env = process.env): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !SECRET_NAME.test(name)) continue;
    values.push(value, ...value.split(/\s+/));
  }
  return values;
}

/**
 * Replaces every secret value in one serialised line. A value is searched both as
 * written and as JSON escapes it, since the line is JSON; longest first, so that a
 * secret containing another one is removed whole.
 */
export function redactSecrets(line: string, secrets: readonly string[]): string {
  let text = line;
  for (const secret of secrets) {
    if (!text.includes(secret)) continue;
    text = text.split(secret).join(REDACTED);
  }
  return text;
}

function redactionList(values: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed.length < MIN_REDACTED_LENGTH) continue;
    all.add(trimmed);
    all.add(JSON.stringify(trimmed).slice(1, -1));
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** Secret values learnt after start (e.g. read from Vault): every logger redacts them too. */
const registered = new Set<string>();
let registeredVersion = 0;

/** Makes every logger, existing or future, redact `value`. */
export function registerSecret(value: string): void {
  if (!registered.has(value)) {
    registered.add(value);
    registeredVersion += 1;
  }
}

/** The logging level from `CKI_LOGGING_LEVEL` (any case), `warn` when unset or unknown. */
export function loggingLevel(env: Env = process.env): LevelWithSilent {
  const level = env.CKI_LOGGING_LEVEL?.trim().toLowerCase();
  return (level !== undefined && LEVELS.has(level) ? level : 'warn') as LevelWithSilent;
}

/**
 * A pino logger writing one JSON event a line for Loki, named after the service.
 * Secret values are removed from the finished line, so they cannot leak through a
 * message, an error, a stack or a nested field; known secret fields are also censored
 * by path.
 */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const own = [...secretValuesFromEnv(env), ...(options.secrets ?? [])];
  let secrets = redactionList([...own, ...registered]);
  let version = registeredVersion;
  const level = options.level !== undefined && LEVELS.has(options.level.toLowerCase())
    ? (options.level.toLowerCase() as LevelWithSilent)
    : loggingLevel(env);
  return pino(
    {
      name,
      level,
      base: { name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['password', 'token', '*.password', '*.token', 'headers["x-gitlab-token"]', 'headers.authorization', '*.headers["x-gitlab-token"]', '*.headers.authorization'],
        censor: REDACTED,
      },
      hooks: {
        streamWrite: (line) => {
          if (version !== registeredVersion) {
            secrets = redactionList([...own, ...registered]);
            version = registeredVersion;
          }
          return redactSecrets(line, secrets);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
