import { parseDuration, type Duration } from './duration.js';

/** How waits grow between attempts; shared by HTTP retries and broker reconnects. */
export interface BackoffOptions {
  /** First wait. */
  initial?: Duration;
  /** No wait is longer than this. */
  max?: Duration;
  /** Each wait is this many times the previous one. */
  factor?: number;
  /** Fraction of each wait drawn at random (0 to 1), so that many clients do not retry in step. */
  jitter?: number;
}

export const defaultBackoffOptions: Required<BackoffOptions> = { initial: 100, max: 30_000, factor: 2, jitter: 0.2 };

/** An endless sequence of waits in milliseconds: initial, initial*factor, ... capped at max, with jitter. */
export function* backoff(options: BackoffOptions = {}): Generator<number, never> {
  const { initial, max, factor, jitter } = { ...defaultBackoffOptions, ...options };
  const maxMs = parseDuration(max, 'backoff.max');
  let base = Math.min(parseDuration(initial, 'backoff.initial'), maxMs);
  for (;;) {
    // Jitter only shortens a wait, so `max` stays a true bound.
    yield Math.round(base * (1 - jitter * Math.random()));
    base = Math.min(base * factor, maxMs);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (so shutdown never waits out a backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  backoff?: BackoffOptions;
  /** Whether an error is worth another attempt; default: every error. */
  shouldRetry?: (error: unknown) => boolean;
  /** Stops retrying (the last error is thrown). */
  signal?: AbortSignal;
}

/** Calls `attempt` until it resolves, waiting by `backoff` between failures; throws the last error. */
export async function retry<T>(attempt: (number: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const waits = backoff(options.backoff);
  for (let number = 1; ; number += 1) {
    try {
      return await attempt(number);
    } catch (error) {
      const retryable = options.shouldRetry?.(error) ?? true;
      if (number >= options.attempts || !retryable || options.signal?.aborted) throw error;
      await sleep(waits.next().value, options.signal);
    }
  }
}
