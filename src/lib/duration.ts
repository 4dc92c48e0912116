import { ConfigError } from './errors.js';

/** A duration as written in configuration: milliseconds, or a number with a unit (`'5m'`, `'1.5s'`). */
export type Duration = number | string;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds of a typed duration. `where` names the setting for the error message
 * (e.g. `HERDER_MATCHERS[2].retry_delays[0]`), so bad input says where it is.
 */
export function parseDuration(value: Duration, where = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new ConfigError(`${where}: ${value} is not a non-negative number of milliseconds`);
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
  if (match === null) {
    throw new ConfigError(`${where}: ${JSON.stringify(value)} is not a duration such as 500ms, 30s, 5m, 1h or 1d`);
  }
  return Math.round(Number(match[1]) * (UNITS[match[2] as string] as number));
}
