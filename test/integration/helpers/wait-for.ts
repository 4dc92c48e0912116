/** Options of waitFor: a deadline and how often to look. */
export interface WaitForOptions {
  /** What is awaited, for the timeout message. */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `check` until it returns a value other than undefined, and returns that value.
 * Tests wait for a condition, never for a fixed time; on timeout the error names the
 * condition and keeps the last failure as its cause.
 */
export async function waitFor<T>(check: () => Promise<T | undefined>, options: WaitForOptions): Promise<T> {
  const { description, timeoutMs = 60_000, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`, { cause: lastError });
    }
    await new Promise((next) => setTimeout(next, intervalMs));
  }
}
