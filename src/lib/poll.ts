/**
 * The one way to wait for a condition: look, and look again after an interval, until it
 * holds or a deadline passes. Used by the deployer (rollouts, CRDs established, objects
 * deleted) and by the tests; never a blind sleep.
 */
import { sleep } from './backoff.js';
import { DeploymentAllError } from './errors.js';

export interface PollOptions {
  /** What is awaited, for the timeout message ("Deployment/cki/web to be deleted"). */
  what: string;
  timeoutMs: number;
  /** Between two looks. Default 250 ms. */
  intervalMs?: number;
  /**
   * Treat an error thrown by the check as "not yet" (the last one becomes the timeout's
   * cause): for conditions such as "the server answers". Off by default: an error ends the wait.
   */
  retryErrors?: boolean;
  /** Ends the wait early with a PollTimeoutError (shutdown). */
  signal?: AbortSignal;
}

/** The deadline passed (or the wait was aborted) before the condition held. */
export class PollTimeoutError extends DeploymentAllError {
  override readonly name = 'PollTimeoutError';
}

/** Resolves to the first value of `check` other than undefined. */
export async function pollUntil<T>(check: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (!options.retryErrors) throw error;
      lastError = error;
    }
    if (options.signal?.aborted) throw new PollTimeoutError(`stopped waiting for ${options.what}`, { cause: lastError });
    if (Date.now() >= deadline) throw new PollTimeoutError(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`, { cause: lastError });
    await sleep(Math.min(options.intervalMs ?? 250, Math.max(0, deadline - Date.now())), options.signal);
  }
}
