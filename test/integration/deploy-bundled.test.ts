/**
 * The bundled repository deploys end to end, as the pipeline's jobs will: the real
 * projects/ and inventory/ of this repository (a copy whose testing environment points
 * to the test's namespace), `apply testing --wait`, and every workload rolls out, the
 * volume claim of micro-service bound by the test environment's provisioner.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { renderRepository } from '../../src/render/render-repository.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

/** A copy of projects/ and inventory/ whose testing environment deploys to `namespace`. */
function bundledRepoIn(namespace: string): string {
  const root = mkdtempSync(join(tmpdir(), 'deployment-all-bundled-'));
  for (const folder of ['projects', 'inventory']) cpSync(join(REPOSITORY_ROOT, folder), join(root, folder), { recursive: true });
  const file = join(root, 'inventory/environments/testing.yml');
  const text = readFileSync(file, 'utf8');
  const moved = text.replace(/^namespace: .*$/m, `namespace: ${namespace}`);
  if (moved === text) throw new Error(`${file}: no "namespace:" line to point at the test namespace`);
  writeFileSync(file, moved);
  return root;
}

/** A fake value for every secret of the catalogue, in a private file. */
function fakeSecrets(root: string): { file: string; values: string[] } {
  const catalogue = load(readFileSync(join(root, 'inventory/secrets.yml'), 'utf8')) as { secrets: Record<string, unknown> };
  const values = Object.fromEntries(Object.keys(catalogue.secrets).map((name) => [name, `fake-${name.toLowerCase()}-${randomBytes(6).toString('hex')}`]));
  const file = join(root, 'secrets.yml');
  writeFileSync(
    file,
    Object.entries(values)
      .map(([name, value]) => `${name}: ${value}\n`)
      .join(''),
    { mode: 0o600 },
  );
  return { file, values: Object.values(values) };
}

const isReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('the bundled repository on the test cluster', () => {
  it('apply testing --wait rolls out every workload, micro-service with its claim bound', { timeout: 300_000 }, async () => {
    // `apply` needs the environment's namespace to exist (a deployer may not create one).
    const namespace = await testNamespace('bundled');
    const root = bundledRepoIn(namespace);
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

    expect(deployments.sort()).toEqual(['micro-service', 'pipeline-herder', 'pod-watcher', 'webhook-receiver']);
    for (const name of deployments) {
      const d = await apps.readNamespacedDeployment({ name, namespace });
      const wanted = d.spec?.replicas ?? 1;
      expect(`${name}: ${d.status?.readyReplicas ?? 0}/${wanted} ready, ${d.status?.updatedReplicas ?? 0} updated`).toBe(
        `${name}: ${wanted}/${wanted} ready, ${wanted} updated`,
      );
    }
    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'deployment-all.io/project=micro-service' });
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0] as V1Pod;
    expect(isReady(pod)).toBe(true);
    expect(pod.spec?.nodeName).toBe('test-env-node-0');
    expect(pod.spec?.volumes?.flatMap((v) => v.persistentVolumeClaim?.claimName ?? [])).toEqual(['micro-service']);
  });
});
