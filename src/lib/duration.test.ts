import { describe, expect, it } from 'vitest';
import { backoff } from './backoff.js';
import { parseDuration } from './duration.js';
import { envBoolean, envInteger, isProduction } from './env.js';

describe('parseDuration', () => {
  it('reads numbers with units and plain milliseconds', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration(42)).toBe(42);
  });

  it('names the setting in its error', () => {
    expect(() => parseDuration('5 minutes', 'retry_delays[0]')).toThrow('retry_delays[0]: "5 minutes" is not a duration');
    expect(() => parseDuration(-1, 'x')).toThrow('x: -1 is not');
  });
});

describe('backoff', () => {
  it('grows by the factor up to the maximum, jitter only shortening', () => {
    const waits = backoff({ initial: 100, max: 1000, factor: 2, jitter: 0 });
    expect(Array.from({ length: 6 }, () => waits.next().value)).toEqual([100, 200, 400, 800, 1000, 1000]);
    const jittered = backoff({ initial: 1000, max: 1000, jitter: 0.5 });
    for (let i = 0; i < 20; i += 1) {
      const wait = jittered.next().value;
      expect(wait).toBeGreaterThanOrEqual(500);
      expect(wait).toBeLessThanOrEqual(1000);
    }
  });
});

describe('environment', () => {
  it('is production only when it says so', () => {
    expect(isProduction({ CKI_DEPLOYMENT_ENVIRONMENT: 'production' })).toBe(true);
    expect(isProduction({ CKI_DEPLOYMENT_ENVIRONMENT: 'staging' })).toBe(false);
    expect(isProduction({})).toBe(false);
  });

  it('parses integers and booleans with the variable named on error', () => {
    expect(envInteger('P', 8000, {})).toBe(8000);
    expect(() => envInteger('P', 1, { P: '80x' })).toThrow('P: "80x" is not an integer');
    expect(envBoolean('B', false, { B: 'Yes' })).toBe(true);
    expect(() => envBoolean('B', false, { B: 'maybe' })).toThrow('B: "maybe" is not a boolean');
  });
});
