/**
 * A run on named projects (a pipeline's one-project deploy job) reads only their
 * inventories and live objects, on the real API server: another project's broken
 * inventory does not stop it, its no-op check and pruning still work, and a run on the
 * whole environment still reads everything (and so reports the broken inventory).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { inventoryName } from '../../src/deploy/inventory-store.js';
import { projectSelector } from '../../src/deploy/live-index.js';
import { deployRepo, runDeployCli, testCluster } from './helpers/deploy-repo.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

describe('a run on named projects (real API server)', () => {
  it('reads only their inventories and objects; the whole environment still reads all', async () => {
    const namespace = await testNamespace('scope');
    const root = deployRepo(namespace, {
      'projects/worker/extra.yml.j2': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: worker-extra\ndata:\n  a: "1"\n',
    });
    const first = await runDeployCli(root, ['apply']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('it/web:');
    expect(first.stdout).toContain('it/worker:');

    // Break web's inventory the way a hand edit would.
    await kubeClients().core.patchNamespacedConfigMap(
      { name: inventoryName('web'), namespace, body: { data: { objects: 'not json' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const cluster = testCluster();

    const worker = await runDeployCli(root, ['apply', 'it/worker']);
    expect(worker.code, worker.stdout + worker.stderr).toBe(0);
    expect(worker.stdout).toBe('it/worker: unchanged (no-op)\n');

    // Its own pruning still works: the ConfigMap leaves the repository, and the cluster.
    rmSync(join(root, 'projects/worker/extra.yml.j2'));
    const pruned = await runDeployCli(root, ['apply', 'it/worker']);
    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(
      /^it\/worker: 0 created, 0 configured, [1-9]\d* unchanged, 1 pruned, 0 failed\n {2}pruned {5}ConfigMap\/\S+\/worker-extra\n$/,
    );
    expect(await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'worker-extra', namespace })).toBeUndefined();

    // The whole environment reads every inventory, so web's broken one is reported.
    const whole = await runDeployCli(root, ['apply']);
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain(`ConfigMap/${namespace}/${inventoryName('web')}: data.objects: not JSON`);
  });

  it('selects by project label, and lists everything past 50 projects', () => {
    expect(projectSelector(undefined)).toBe('');
    expect(projectSelector(['b', 'a', 'b'])).toBe(',deployment-all.io/project in (a,b)');
    expect(projectSelector(Array.from({ length: 51 }, (_, i) => `p${i}`))).toBe('');
  });
});
