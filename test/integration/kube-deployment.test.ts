import * as k8s from '@kubernetes/client-node';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kubeClients, testNamespace } from './helpers/kube.js';
import { waitFor } from './helpers/wait-for.js';

function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

describe('Kubernetes control plane with KWOK nodes', () => {
  it('rolls out a Deployment of 2 replicas until both pods are Ready', async () => {
    const namespace = await testNamespace('deploy');
    const { apps, core } = kubeClients();
    const labels = { app: 'smoke' };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'smoke', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            // KWOK never pulls the image; the name only has to be valid.
            spec: { containers: [{ name: 'app', image: 'registry.invalid/smoke:1' }] },
          },
        },
      },
    });

    const deployment = await waitFor(
      async () => {
        const d = await apps.readNamespacedDeployment({ name: 'smoke', namespace });
        return d.status?.readyReplicas === 2 && d.status.updatedReplicas === 2 ? d : undefined;
      },
      { description: `Deployment/${namespace}/smoke to have 2 ready replicas`, timeoutMs: 90_000 },
    );
    expect(deployment.status?.availableReplicas).toBe(2);

    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=smoke' });
    const ready = pods.items.filter(isReady);
    expect(ready).toHaveLength(2);
    expect(ready.every((p) => p.spec?.nodeName === 'test-env-node-0')).toBe(true);
  });

  // Without a renewed Lease the node controller marks the node NotReady after its grace
  // period, and with it every pod: rollouts then hang (KWOK never makes them Ready again).
  it('keeps the fake node alive: KWOK renews its Lease, and the node is Ready without taints', async () => {
    const { config, core } = kubeClients();
    const leases = config.makeApiClient(k8s.CoordinationV1Api);
    const read = () => leases.readNamespacedLease({ name: 'test-env-node-0', namespace: 'kube-node-lease' });
    const first = await read();
    expect(first.spec?.leaseDurationSeconds).toBe(40);
    const renewed = await waitFor(
      async () => {
        const lease = await read();
        return lease.spec?.renewTime && String(lease.spec.renewTime) !== String(first.spec?.renewTime) ? lease : undefined;
      },
      { description: 'Lease kube-node-lease/test-env-node-0 to be renewed', timeoutMs: 60_000 },
    );
    expect(Date.now() - new Date(String(renewed.spec?.renewTime)).getTime()).toBeLessThan(40_000);
    const node = await core.readNode({ name: 'test-env-node-0' });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(node.spec?.taints ?? []).toEqual([]);
  });
});
