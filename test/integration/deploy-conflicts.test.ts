/**
 * What the API server refuses: fields owned by another manager, immutable fields,
 * and requests our credentials do not allow.
 */
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { connectCluster } from '../../src/deploy/cluster.js';
import { ConflictError, ForbiddenError, ImmutableFieldError } from '../../src/deploy/errors.js';
import { deployRepo, deployTo } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

function rawDeployment(selector: string, recreate: boolean): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: raw',
    ...(recreate ? ['  annotations:', '    deployment-all.io/recreate-on-immutable-change: "true"'] : []),
    'spec:',
    '  replicas: 0',
    `  selector: {matchLabels: {app: ${selector}}}`,
    '  template:',
    `    metadata: {labels: {app: ${selector}}}`,
    '    spec: {containers: [{name: raw, image: example.com/raw}]}',
    '',
  ].join('\n');
}

describe('apply conflicts and refusals (real API server)', () => {
  it('reports a field owned by another manager, and takes it over with --force-conflicts', async () => {
    const namespace = await testNamespace('conflict');
    const root = deployRepo(namespace);
    await deployTo(root);
    const { objects } = kubeClients();
    await objects.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker', namespace }, spec: { replicas: 3 } },
      undefined,
      undefined,
      'other-team',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    const result = await deployTo(root);
    const worker = result.results.find((r) => r.project === 'worker');
    expect(worker?.reason).toContain('drift');
    const failure = worker?.failed[0];
    expect(failure?.error).toBeInstanceOf(ConflictError);
    expect(failure?.message).toContain(`Deployment/${namespace}/worker: field conflict with another manager: .spec.replicas (owned by "other-team")`);
    const forced = await deployTo(root, { forceConflicts: true });
    expect(forced.results.find((r) => r.project === 'worker')?.failed).toEqual([]);
  });

  it('names an immutable field, and recreates only objects that opt in', async () => {
    const namespace = await testNamespace('immutable');
    await deployTo(deployRepo(namespace, { 'projects/worker/raw.yml.j2': rawDeployment('one', false) }));
    const changed = await deployTo(deployRepo(namespace, { 'projects/worker/raw.yml.j2': rawDeployment('two', false) }));
    const failure = changed.results.find((r) => r.project === 'worker')?.failed[0];
    expect(failure?.error).toBeInstanceOf(ImmutableFieldError);
    expect(failure?.message).toMatch(new RegExp(`^Deployment/${namespace}/raw: cannot change immutable field spec.selector`));

    const optedIn = await deployTo(deployRepo(namespace, { 'projects/worker/raw.yml.j2': rawDeployment('two', true) }));
    const worker = optedIn.results.find((r) => r.project === 'worker');
    expect(worker?.failed).toEqual([]);
    expect(worker?.configured).toContain(`Deployment/${namespace}/raw`);
  });

  it('says which verb and resource our credentials may not use', async () => {
    const namespace = await testNamespace('rbac');
    const { core, config } = kubeClients();
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'limited' } } });
    const token = await core.createNamespacedServiceAccountToken({ name: 'limited', namespace, body: { spec: { audiences: [], expirationSeconds: 600 } } });
    const limited = new k8s.KubeConfig();
    const cluster = config.getCurrentCluster();
    limited.loadFromOptions({
      clusters: [{ name: 'c', server: cluster?.server ?? '', caData: cluster?.caData, caFile: cluster?.caFile }],
      users: [{ name: 'limited', token: token.status?.token }],
      contexts: [{ name: 'c', cluster: 'c', user: 'limited', namespace }],
      currentContext: 'c',
    });
    const error = await deployTo(deployRepo(namespace), { clusterFor: () => connectCluster(limited) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toContain(`forbidden: cannot list configmaps in namespace ${namespace} (403)`);
    expect(testEnv().KUBECONFIG).toBeTruthy();
  });
});
