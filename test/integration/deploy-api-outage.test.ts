/**
 * The API server goes away in the middle of an apply (through a proxy, so other
 * tests are not disturbed): requests are retried with back-off and the apply
 * finishes without a failure.
 */
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { connectCluster } from '../../src/deploy/cluster.js';
import { deployRepo, deployTo, testCluster } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';
import { tcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { waitFor } from './helpers/wait-for.js';

let proxy: TcpProxy | undefined;
afterEach(async () => proxy?.close());

describe('an API server outage during apply (real API server behind a proxy)', () => {
  it('retries through the outage and converges', async () => {
    const namespace = await testNamespace('outage');
    const config = new k8s.KubeConfig();
    config.loadFromFile(testEnv().KUBECONFIG);
    const server = new URL(config.getCurrentCluster()?.server ?? '');
    proxy = await tcpProxy(server.hostname, Number(server.port));
    const proxied = new k8s.KubeConfig();
    proxied.loadFromFile(testEnv().KUBECONFIG);
    const cluster = proxied.getCurrentCluster();
    proxied.clusters = proxied.clusters.map((c) => (c.name === cluster?.name ? { ...c, server: `https://127.0.0.1:${proxy?.port}` } : c));

    const maps = Array.from({ length: 40 }, (_, i) => `  cm-${String(i).padStart(2, '0')}: {i: "${i}"}`).join('\n');
    const root = deployRepo(namespace, { 'projects/web': null, 'projects/worker/project-vars.yml.j2': `configmaps:\n${maps}\n` });
    const running = deployTo(root, { concurrency: 1, clusterFor: () => connectCluster(proxied, { minRetryDelayMs: 200 }) });
    const direct = testCluster();
    await waitFor(async () => ((await direct.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm-05', namespace })) ? true : undefined), {
      description: 'the apply to be under way',
      intervalMs: 10,
    });
    proxy.down();
    // The outage lasts until the apply has been refused (and so retried) three times.
    await waitFor(async () => ((proxy?.refused ?? 0) >= 3 ? true : undefined), { description: 'three refused attempts', intervalMs: 20 });
    proxy.up();
    const result = await running;
    expect(result.results[0]?.failed).toEqual([]);
    const names = (await direct.list('v1', 'ConfigMap', namespace, 'deployment-all.io/project=worker'))
      .map((c) => c.metadata.name)
      .filter((n) => n.startsWith('cm-'));
    expect(names).toHaveLength(40);
  });
});
