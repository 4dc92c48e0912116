import { describe, expect, it } from 'vitest';
import { longestIntervalSeconds } from './cron-interval.js';

describe('longest interval of a cron schedule', () => {
  it.each([
    ['*/5 * * * *', 300],
    ['5 * * * *', 3600],
    ['17 3 * * *', 86400],
    ['0 8 * * 1', 7 * 86400],
    // Friday 08:00 to Monday 08:00.
    ['0 8 * * 1-5', 3 * 86400],
    // The longest months have 31 days.
    ['0 0 1 * *', 31 * 86400],
    ['@hourly', 3600],
  ])('%s: %i s', (schedule, seconds) => {
    expect(longestIntervalSeconds(schedule)).toBe(seconds);
  });
});
