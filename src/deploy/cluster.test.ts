import { createServer } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { connectCluster } from './cluster.js';
import { ClusterUnreachableError } from './errors.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('connectCluster', () => {
  it('says the API server is unreachable, after retrying, naming the object', async () => {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: `https://127.0.0.1:${await closedPort()}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const cluster = connectCluster(config, { retries: 2, minRetryDelayMs: 10 });
    const error = await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'ns' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterUnreachableError);
    expect((error as Error).message).toMatch(/^ConfigMap\/ns\/x: the API server is unreachable \(ECONNREFUSED\); check the cluster and KUBECONFIG$/);
    expect(cluster.requests).toBe(3);
  });
});
