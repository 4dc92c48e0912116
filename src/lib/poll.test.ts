import { describe, expect, it } from 'vitest';
import { pollUntil, PollTimeoutError } from './poll.js';

describe('pollUntil', () => {
  it('returns the first value that is not undefined', async () => {
    let looks = 0;
    const value = await pollUntil(async () => (++looks === 3 ? 'ready' : undefined), { what: 'x', timeoutMs: 5000, intervalMs: 1 });
    expect(value).toBe('ready');
    expect(looks).toBe(3);
  });

  it('times out naming what it waited for', async () => {
    const wait = pollUntil(async () => undefined, { what: 'Deployment/ns/web to be deleted', timeoutMs: 20, intervalMs: 5 });
    await expect(wait).rejects.toThrow(PollTimeoutError);
    await expect(wait).rejects.toThrow('timed out after 20 ms waiting for Deployment/ns/web to be deleted');
  });

  it('ends the wait at the first error unless told to retry errors', async () => {
    await expect(pollUntil(() => Promise.reject(new Error('boom')), { what: 'x', timeoutMs: 1000 })).rejects.toThrow('boom');
    let looks = 0;
    const value = await pollUntil(
      async () => {
        if (++looks < 3) throw new Error('not yet');
        return looks;
      },
      { what: 'x', timeoutMs: 5000, intervalMs: 1, retryErrors: true },
    );
    expect(value).toBe(3);
  });

  it('keeps the last error as the cause of a timeout', async () => {
    const error = await pollUntil(() => Promise.reject(new Error('refused')), { what: 'x', timeoutMs: 20, intervalMs: 5, retryErrors: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(((error as Error).cause as Error).message).toBe('refused');
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    const wait = pollUntil(async () => undefined, { what: 'x', timeoutMs: 60_000, intervalMs: 30_000, signal: controller.signal });
    controller.abort();
    await expect(wait).rejects.toThrow('stopped waiting for x');
  });
});
