/**
 * The bundled repository deploys end to end, as the pipeline's jobs will: the real
 * projects/ and inventory/ of this repository (a copy whose testing environment points
 * to the test's namespace), `apply testing --wait`, and every workload rolls out, the
 * volume claim of micro-service bound by the test environment's provisioner.
 */
import type { V1Pod } from '@kubernetes/client-node';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it, onTestFinished } from 'vitest';
import { renderRepository } from '../../src/render/render-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { bundledRepoIn, deleteClusterScoped, fakeSecrets } from './helpers/bundled-repo.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

const isReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('the bundled repository on the test cluster', () => {
  it('apply testing --wait rolls out every workload, micro-service with its claim bound', { timeout: 300_000 }, async () => {
    // `apply` needs the environment's namespace to exist (a deployer may not create one).
    const namespace = await testNamespace('bundled');
    onTestFinished(() => deleteClusterScoped([namespace]));
    const root = bundledRepoIn({ testing: namespace });
    const secrets = fakeSecrets(root);
    const { rendered } = renderRepository({ root, targets: ['testing'] });
    const projects = rendered.map((r) => r.project);
    expect(projects).toContain('micro-service');
    const deployments = rendered.flatMap((r) => r.objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name));

    const result = await runCli(['--root', root, 'apply', 'testing', '--wait', '--timeout', '4m', '--secrets-file', secrets.file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const project of projects)
      expect(result.stdout).toMatch(new RegExp(`^testing/${project}: \\d+ created, 0 configured, 0 unchanged, 0 pruned, 0 failed$`, 'm'));
    for (const value of secrets.values) expect(result.stdout + result.stderr).not.toContain(value);

    const { apps, core } = kubeClients();
    const claim = await core.readNamespacedPersistentVolumeClaim({ name: 'micro-service', namespace });
    expect(claim.status?.phase).toBe('Bound');
    expect(claim.spec?.storageClassName).toBe('standard');
    expect(claim.status?.capacity?.storage).toBe('100Gi');

    expect(deployments.sort()).toEqual(['micro-service', 'pipeline-herder', 'pod-watcher', 'status-page', 'webhook-receiver']);
    for (const name of deployments) {
      const d = await apps.readNamespacedDeployment({ name, namespace });
      const wanted = d.spec?.replicas ?? 1;
      expect(`${name}: ${d.status?.readyReplicas ?? 0}/${wanted} ready, ${d.status?.updatedReplicas ?? 0} updated`).toBe(
        `${name}: ${wanted}/${wanted} ready, ${wanted} updated`,
      );
    }
    // The status page's account: its cluster-wide, read-only rights, bound to it.
    const rbac = kubeClients().config.makeApiClient(k8s.RbacAuthorizationV1Api);
    const binding = await rbac.readClusterRoleBinding({ name: `status-page-${namespace}` });
    expect(binding.roleRef.name).toBe(`status-page-${namespace}`);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'status-page', namespace }]);
    const role = await rbac.readClusterRole({ name: `status-page-${namespace}` });
    expect(new Set(role.rules?.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list']));
    expect(role.rules?.flatMap((r) => r.resources)).not.toContain('secrets');
    const statusPage = await apps.readNamespacedDeployment({ name: 'status-page', namespace });
    expect(statusPage.spec?.template.spec?.serviceAccountName).toBe('status-page');
    expect(statusPage.spec?.template.spec?.containers[0]?.args?.slice(0, 2)).toEqual(['status', 'testing']);

    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'deployment-all.io/project=micro-service' });
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0] as V1Pod;
    expect(isReady(pod)).toBe(true);
    expect(pod.spec?.nodeName).toBe('test-env-node-0');
    expect(pod.spec?.volumes?.flatMap((v) => v.persistentVolumeClaim?.claimName ?? [])).toEqual(['micro-service']);
  });
});
