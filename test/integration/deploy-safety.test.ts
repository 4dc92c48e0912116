/**
 * The deploy's safety rules against the real API server: what pruning must never
 * delete, and what must stop a deploy before anything is applied.
 */
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { PRUNE_ANNOTATION } from '../../src/deploy/annotations.js';
import { deployRepo, deployTo, SECRET_VALUE, testCluster } from './helpers/deploy-repo.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

const WEB_WITH_STORAGE =
  'deployment:\n  image: example.com/web\n  storage: 1Gi\n  volumes:\n    - {pvc: $PROJECT_NAME, mountPath: /data}\nconfigmaps:\n  a: {x: "1"}\n  b: {x: "1"}\n  c: {x: "1"}\n';
const WEB_WITHOUT_STORAGE = 'deployment:\n  image: example.com/web\nconfigmaps:\n  a: {x: "1"}\n  b: {x: "1"}\n  c: {x: "1"}\n  d: {x: "1"}\n';

describe('pruning safety (real API server)', () => {
  it('never prunes a PersistentVolumeClaim without the opt-in annotation, and keeps tracking it', async () => {
    const namespace = await testNamespace('pvc');
    await deployTo(deployRepo(namespace, { 'projects/web/project-vars.yml.j2': WEB_WITH_STORAGE }));
    const without = deployRepo(namespace, { 'projects/web/project-vars.yml.j2': WEB_WITHOUT_STORAGE });
    const result = await deployTo(without);
    const web = result.results.find((r) => r.project === 'web');
    expect(web?.pruned).toEqual([]);
    expect(web?.kept).toEqual([{ ref: `PersistentVolumeClaim/${namespace}/web`, reason: expect.stringContaining(PRUNE_ANNOTATION) }]);
    const cluster = testCluster();
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'web', namespace };
    expect(await cluster.get(pvc)).toBeDefined();
    // Opting in on the live object lets the next run prune it.
    const { core } = kubeClients();
    await core.patchNamespacedPersistentVolumeClaim(
      { name: 'web', namespace, body: [{ op: 'add', path: `/metadata/annotations`, value: { [PRUNE_ANNOTATION]: 'true' } }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    const again = await deployTo(without);
    expect(again.results.find((r) => r.project === 'web')?.pruned).toEqual([`PersistentVolumeClaim/${namespace}/web`]);
  });

  it('never prunes an object that no longer carries our labels', async () => {
    const namespace = await testNamespace('labels');
    await deployTo(deployRepo(namespace));
    const { core } = kubeClients();
    await core.patchNamespacedConfigMap(
      { name: 'web-settings', namespace, body: [{ op: 'remove', path: '/metadata/labels/deployment-all.io~1project' }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    const result = await deployTo(
      deployRepo(namespace, {
        'projects/web/project-vars.yml.j2':
          'secret:\n  - TOKEN: $WEB_TOKEN\ndeployment:\n  image: example.com/web\nservices:\n  - port: 8080\n    route: {cki_project_subdomain: web}\n  - port: 8000\n    metrics: true\n',
      }),
    );
    const web = result.results.find((r) => r.project === 'web');
    expect(web?.pruned).toEqual([]);
    expect(web?.kept).toEqual([{ ref: `ConfigMap/${namespace}/web-settings`, reason: 'no longer carries our labels' }]);
    expect(await testCluster().get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-settings', namespace })).toBeDefined();
  });

  it('refuses to prune on an empty render or more than half of a project without --allow-mass-prune', async () => {
    const namespace = await testNamespace('mass');
    await deployTo(deployRepo(namespace, { 'projects/web/project-vars.yml.j2': WEB_WITHOUT_STORAGE }));
    // Present and enabled, rendering nothing: an accident, unlike enabled: false (see deploy-retire.test.ts).
    const empty = deployRepo(namespace, { 'projects/web/project-vars.yml.j2': 'configmaps: {}\n' });
    const refused = await deployTo(empty);
    const web = refused.results.find((r) => r.project === 'web');
    expect(web?.failed[0]?.message).toContain('the render is empty: refusing to delete all 7 objects');
    expect(await testCluster().get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', namespace })).toBeDefined();

    const half = deployRepo(namespace, { 'projects/web/project-vars.yml.j2': 'deployment:\n  image: example.com/web\n' });
    const refusedHalf = await deployTo(half);
    expect(refusedHalf.results.find((r) => r.project === 'web')?.failed[0]?.message).toContain('refusing to delete 4 of 7 objects');

    const allowed = await deployTo(half, { allowMassPrune: true });
    expect(allowed.results.find((r) => r.project === 'web')?.pruned).toHaveLength(4);
  });

  it('applies and deletes nothing when any project is malformed', async () => {
    const namespace = await testNamespace('malformed');
    await deployTo(deployRepo(namespace));
    const cluster = testCluster();
    const before = await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace });
    const broken = deployRepo(namespace, {
      'projects/web/project-vars.yml.j2': 'deployment:\n  image: example.com/web:v9\n',
      'projects/worker/project-vars.yml.j2': 'deployment:\n  imagee: x\n',
    });
    await expect(deployTo(broken)).rejects.toThrow(/projects\/worker\/project-vars\.yml\.j2:2: deployment\.imagee/);
    const after = await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace });
    // Status updates from the controllers move resourceVersion; the spec did not change.
    expect(after?.metadata.generation).toBe(before?.metadata.generation);
    expect(JSON.stringify(after?.spec)).toBe(JSON.stringify(before?.spec));
    expect(await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-settings', namespace })).toBeDefined();
  });

  it('stops before applying anything when a secret is missing, naming it and never a value', async () => {
    const namespace = await testNamespace('nosecret');
    const root = deployRepo(namespace, { 'secrets.yml': 'OTHER: x\n' });
    const error = await deployTo(root).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/secret WEB_TOKEN not found at it\/WEB_TOKEN/);
    expect(await testCluster().get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace })).toBeUndefined();
    expect((error as Error).message).not.toContain(SECRET_VALUE);
  });
});
