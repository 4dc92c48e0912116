import { describe, expect, it } from 'vitest';
import { retry } from './backoff.js';

const quick = { initial: 1, max: 2, jitter: 0 };

describe('retry', () => {
  it('retries until an attempt succeeds', async () => {
    const seen: number[] = [];
    const value = await retry(
      async (n) => {
        seen.push(n);
        if (n < 3) throw new Error(`attempt ${n}`);
        return 'ok';
      },
      { attempts: 5, backoff: quick },
    );
    expect(value).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('throws the last error after the last attempt', async () => {
    let calls = 0;
    await expect(retry(async (n) => Promise.reject(new Error(`attempt ${(calls = n)}`)), { attempts: 3, backoff: quick })).rejects.toThrow('attempt 3');
    expect(calls).toBe(3);
  });

  it('gives up at once on an error not worth retrying', async () => {
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw new Error('forbidden');
    };
    await expect(retry(attempt, { attempts: 5, backoff: quick, shouldRetry: (e) => (e as Error).message !== 'forbidden' })).rejects.toThrow('forbidden');
    expect(calls).toBe(1);
  });
});
