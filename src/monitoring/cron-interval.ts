/**
 * The longest interval between two runs of a cron schedule, for the "no recent
 * success" alert. Computed from a fixed start (a render must not depend on the clock)
 * over the schedule's next 100 runs, so uneven schedules (`0 8 * * 1-5`, `0 0 1 * *`)
 * get their longest gap (a weekend, a 31-day month), not their first one. UTC, and
 * day-of-month OR day-of-week as the CronJob controller reads them (croner's default).
 */
import { Cron } from 'croner';

const START = new Date('2025-01-01T00:00:00Z');
/** Enough to see a week's or a month's pattern; croner takes ~0.1 ms a run. */
const RUNS = 100;

const cache = new Map<string, number>();

/** Longest gap in seconds between consecutive runs of `schedule`. */
export function longestIntervalSeconds(schedule: string): number {
  const cached = cache.get(schedule);
  if (cached !== undefined) return cached;
  // A fixed offset, not a time zone: the same runs, without Intl's cost per run.
  const runs = new Cron(schedule, { utcOffset: 0, paused: true }).nextRuns(RUNS, START);
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, (runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime());
  const seconds = Math.round(longest / 1000);
  cache.set(schedule, seconds);
  return seconds;
}
