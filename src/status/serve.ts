/**
 * `status --serve`: the page, its JSON and metrics over HTTP. Requests are answered
 * from the last report, never by asking an API server: the only API requests are the
 * background refreshes, one at a time, each waiting `intervalMs` after the previous
 * one finished. A failed refresh keeps the last report.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRegistry } from '../lib/metrics.js';
import { maskSecrets } from '../lib/mask.js';
import type { StatusResult } from './collect.js';
import { statusPage } from './page/status-page.js';
import { statusMetrics } from './status-metrics.js';

export interface ServeOptions {
  port: number;
  host: string;
  intervalMs: number;
  /** A refresh failed (the message names why; the last report is kept). */
  onRefreshError?: (error: unknown) => void;
  /** Why the served report cannot be trusted (the repository cannot be fetched): /healthz answers 503 with it. */
  problem?: () => string | undefined;
}

export interface StatusServer {
  readonly port: number;
  /** Refreshes finished so far. */
  readonly refreshes: number;
  close(): Promise<void>;
}

interface Rendered {
  html: string;
  json: string;
}

/** The page forbids anything but itself: no script, style, image or request from elsewhere. */
const PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

export async function startStatusServer(collect: () => Promise<StatusResult>, options: ServeOptions): Promise<StatusServer> {
  const registry = createRegistry();
  const metrics = statusMetrics(registry);
  const refreshSeconds = Math.max(1, Math.round(options.intervalMs / 1000));
  let rendered: Rendered | undefined;
  let refreshes = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<void> | undefined;

  const refresh = async (): Promise<void> => {
    const started = performance.now();
    try {
      const { report, secretValues } = await collect();
      rendered = {
        html: maskSecrets(statusPage(report, { refreshSeconds }), secretValues),
        json: maskSecrets(`${JSON.stringify(report, null, 2)}\n`, secretValues),
      };
      metrics.observe(report, (performance.now() - started) / 1000);
      refreshes++;
    } catch (error) {
      metrics.refreshFailed();
      options.onRefreshError?.(error);
    }
  };
  const loop = async (): Promise<void> => {
    running = refresh();
    await running;
    if (!closed) timer = setTimeout(() => void loop(), options.intervalMs);
  };

  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const send = (type: string, body: string, extra: Record<string, string> = {}) =>
      response
        .writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra })
        .end(request.method === 'HEAD' ? undefined : body);
    const problem = options.problem?.();
    if (path === '/livez') send('text/plain; charset=utf-8', 'ok\n');
    else if (path === '/healthz' && problem !== undefined)
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`unhealthy: ${problem}\n`);
    else if (path === '/healthz') send('text/plain; charset=utf-8', 'ok\n');
    else if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(registry.contentType, text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (path !== '/' && path !== '/status.json') response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    else if (!rendered)
      response
        .writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' })
        .end(problem === undefined ? 'the first refresh is not finished\n' : `no report yet: ${problem}\n`);
    else if (path === '/status.json') send('application/json', rendered.json);
    else send('text/html; charset=utf-8', rendered.html, { 'content-security-policy': PAGE_POLICY });
  };

  const server = createServer(answer);
  server.keepAliveTimeout = 5000;
  await loop();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    get refreshes() {
      return refreshes;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await running; // a refresh in flight finishes (its clusters closed) before close resolves
    },
  };
}
