import { backoff, sleep, type BackoffOptions } from './backoff.js';
import { parseDuration, type Duration } from './duration.js';
import { DeploymentAllError } from './errors.js';

export interface FetchRetryOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** Each attempt is aborted after this (default 30s). */
  timeout?: Duration;
  backoff?: BackoffOptions;
  /** A `Retry-After` longer than this is cut to it (default 5m), so a bad header cannot park a service. */
  maxRetryAfter?: Duration;
  /** Aborts waiting and the request in flight (e.g. on SIGTERM). */
  signal?: AbortSignal;
  /** Called before each wait, for logging. */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

/** The last attempt failed: the URL (without credentials), the attempts, and the last cause. */
export class HttpRetryError extends DeploymentAllError {
  override readonly name = 'HttpRetryError';
  constructor(
    readonly url: string,
    readonly attempts: number,
    readonly status: number | undefined,
    options: { cause?: unknown },
  ) {
    super(`${url}: failed after ${attempts} attempt${attempts === 1 ? '' : 's'}${status === undefined ? '' : ` (last status ${status})`}`, options);
  }
}

/** Status codes worth another attempt: rate limited, or a server-side failure. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Milliseconds asked by a `Retry-After` header (seconds or an HTTP date), undefined when absent or invalid. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The URL as safe to show: no user, no password, no query (tokens travel there). */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

/**
 * fetch() with a timeout per attempt and retries with backoff on network errors, 429
 * and 5xx, waiting what `Retry-After` asks when the server says. Other answers (2xx,
 * 3xx, 4xx) are returned as they are for the caller to judge. The body of a retried
 * answer is discarded so its connection is freed.
 */
export async function fetchWithRetry(url: string | URL, init: RequestInit = {}, options: FetchRetryOptions = {}): Promise<Response> {
  const attempts = options.attempts ?? 5;
  const timeoutMs = parseDuration(options.timeout ?? '30s', 'timeout');
  const maxRetryAfterMs = parseDuration(options.maxRetryAfter ?? '5m', 'maxRetryAfter');
  const waits = backoff({ initial: 200, max: '30s', ...options.backoff });
  let lastError: unknown;
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    // AbortSignal.any only when needed: each combined signal is retained as long as its sources.
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let waitMs = waits.next().value;
    let reason: string;
    try {
      const response = await fetch(url, { ...init, signal });
      if (!isRetryableStatus(response.status)) return response;
      lastStatus = response.status;
      reason = `status ${response.status}`;
      const asked = retryAfterMs(response.headers.get('retry-after'));
      if (asked !== undefined) waitMs = Math.min(asked, maxRetryAfterMs);
      await response.body?.cancel();
      if (attempt === attempts) return response;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      lastError = error;
      lastStatus = undefined;
      reason = error instanceof Error ? error.name : 'error';
      if (attempt === attempts) break;
    }
    options.onRetry?.({ attempt, waitMs, reason });
    await sleep(waitMs, options.signal);
  }
  throw new HttpRetryError(describeUrl(url), attempts, lastStatus, { cause: lastError });
}
