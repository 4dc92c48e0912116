import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { envBoolean, envInteger, type Env } from './env.js';
import { registerSecretExpiry } from './secret-expiry.js';

/** A dependency the service needs to do its work (the broker, GitLab): /readyz reports them. */
export type ReadinessCheck = () => boolean;

export interface MetricsServerOptions {
  /** `CKI_METRICS_ENABLED` by default (false): without it no server is started. */
  enabled?: boolean;
  /** `CKI_METRICS_PORT` by default, else 8000; 0 picks a free port. */
  port?: number;
  /** Listening address; all interfaces by default, as a pod needs. */
  host?: string;
  registry: Registry;
  /** Named checks; /readyz answers 200 only when every one is true. */
  readiness?: Record<string, ReadinessCheck>;
  env?: Env;
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A registry of the service's own, with the process metrics (memory, CPU, event loop)
 * and the expiry dates of its secrets (`CKI_SECRETS_EXPIRY`, see secret-expiry.ts).
 */
export function createRegistry(env: Env = process.env): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerSecretExpiry(registry, env);
  return registry;
}

/**
 * Serves `/metrics` (Prometheus text), `/healthz` (the process answers: liveness) and
 * `/readyz` (every dependency connected: readiness), or nothing when metrics are disabled.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer | undefined> {
  const env = options.env ?? process.env;
  if (!(options.enabled ?? envBoolean('CKI_METRICS_ENABLED', false, env))) return undefined;
  const port = options.port ?? envInteger('CKI_METRICS_PORT', 8000, env, 0, 65535);
  const { registry, readiness = {} } = options;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const states = Object.fromEntries(Object.entries(readiness).map(([name, check]) => [name, check()]));
      const ready = Object.values(states).every(Boolean);
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(states));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
