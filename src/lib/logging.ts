import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { type Env } from './env.js';
import { MASK, maskList, maskWith } from './mask.js';

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

/** Secret values from the environment: each word of every variable named like a secret. */
export function secretValuesFromEnv(env: Env = process.env): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !SECRET_NAME.test(name)) continue;
    values.push(value, ...value.split(/\s+/));
  }
  return values;
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
  let secrets = maskList([...own, ...registered]);
  let version = registeredVersion;
  const level = options.level !== undefined && LEVELS.has(options.level.toLowerCase()) ? (options.level.toLowerCase() as LevelWithSilent) : loggingLevel(env);
  return pino(
    {
      name,
      level,
      base: { name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'password',
          'token',
          '*.password',
          '*.token',
          'headers["x-gitlab-token"]',
          'headers.authorization',
          '*.headers["x-gitlab-token"]',
          '*.headers.authorization',
        ],
        censor: MASK,
      },
      hooks: {
        streamWrite: (line) => {
          if (version !== registeredVersion) {
            secrets = maskList([...own, ...registered]);
            version = registeredVersion;
          }
          return maskWith(line, secrets);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
