/**
 * The longest interval between two runs of a cron schedule, for the "no recent
 * success" alert. Computed from a fixed start (a render must not depend on the clock)
 * over a year of runs, so uneven schedules (`0 8 * * 1-5`, `0 0 1 * *`) get their
 * longest gap, not their first one.
 */
import { Cron } from 'croner';

const START = new Date('2025-01-01T00:00:00Z');
const YEAR_MS = 366 * 24 * 3600 * 1000;
/** Enough runs for a year of an hourly schedule; shorter schedules stop earlier (by count). */
const MAX_RUNS = 9000;

const cache = new Map<string, number>();

/** Longest gap in seconds between consecutive runs of `schedule` (UTC), as the CronJob controller reads it. */
export function longestIntervalSeconds(schedule: string): number {
  const cached = cache.get(schedule);
  if (cached !== undefined) return cached;
  const cron = new Cron(schedule, { timezone: 'UTC', paused: true });
  let previous: Date | null = cron.nextRun(START);
  let longest = 0;
  for (let i = 0; previous && i < MAX_RUNS && previous.getTime() - START.getTime() < YEAR_MS * 2; i++) {
    const next: Date | null = cron.nextRun(previous);
    if (!next) break;
    longest = Math.max(longest, next.getTime() - previous.getTime());
    previous = next;
  }
  const seconds = Math.round(longest / 1000);
  cache.set(schedule, seconds);
  return seconds;
}
