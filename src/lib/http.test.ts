import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeUrl, fetchWithRetry, HttpRetryError, retryAfterMs } from './http.js';

type Handler = (request: IncomingMessage, response: ServerResponse, count: number) => void;
const servers: Array<{ close: () => void }> = [];

async function serve(handler: Handler): Promise<{ url: string; times: number[] }> {
  const times: number[] = [];
  const server = createServer((request, response) => {
    times.push(Date.now());
    handler(request, response, times.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x?private_token=abc`, times };
}

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

const fast = { backoff: { initial: 10, max: 50, jitter: 0 } };

describe('fetchWithRetry', () => {
  it('retries 5xx and 429 and returns the first good answer', async () => {
    const { url, times } = await serve((_q, response, count) => {
      response.writeHead(count === 1 ? 503 : count === 2 ? 429 : 200).end(`answer ${count}`);
    });
    const response = await fetchWithRetry(url, {}, fast);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('answer 3');
    expect(times).toHaveLength(3);
  });

  it('does not retry a 4xx other than 429', async () => {
    const { url, times } = await serve((_q, response) => response.writeHead(404).end());
    expect((await fetchWithRetry(url, {}, fast)).status).toBe(404);
    expect(times).toHaveLength(1);
  });

  it('waits what Retry-After asks', async () => {
    const { url, times } = await serve((_q, response, count) => {
      if (count === 1) response.writeHead(429, { 'retry-after': '1' }).end();
      else response.writeHead(200).end();
    });
    await fetchWithRetry(url, {}, fast);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(950);
  });

  it('retries a timeout and fails with a typed error naming the URL without its query', async () => {
    const { url, times } = await serve(() => undefined);
    const failure = await fetchWithRetry(url, {}, { ...fast, attempts: 2, timeout: 100 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpRetryError);
    expect((failure as Error).message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x: failed after 2 attempts$/);
    expect((failure as Error).message).not.toContain('abc');
    expect(times).toHaveLength(2);
  });

  it('returns the last retryable answer when attempts run out', async () => {
    const { url } = await serve((_q, response) => response.writeHead(502).end());
    expect((await fetchWithRetry(url, {}, { ...fast, attempts: 2 })).status).toBe(502);
  });
});

describe('helpers', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('hides credentials in URLs', () => {
    expect(describeUrl('https://user:pw@h.example/p?token=t')).toBe('https://h.example/p');
  });
});
