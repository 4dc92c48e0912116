import { pollUntil } from '../../../src/lib/poll.js';

/** Options of waitFor: a deadline and how often to look. */
export interface WaitForOptions {
  /** What is awaited, for the timeout message. */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * The library's pollUntil with the tests' defaults: a minute's deadline, and an error of
 * the check counts as "not yet" (a server restarting), kept as the timeout's cause.
 */
export function waitFor<T>(check: () => Promise<T | undefined>, options: WaitForOptions): Promise<T> {
  const { description, timeoutMs = 60_000, intervalMs = 250 } = options;
  return pollUntil(check, { what: description, timeoutMs, intervalMs, retryErrors: true });
}
