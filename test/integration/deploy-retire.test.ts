/**
 * Projects that render nothing on purpose, through the CLI against the real API
 * server: a project whose folder was removed, and a project disabled for the
 * environment. What they deployed is pruned by the usual rules and their inventory
 * deleted; diff and history show them; a target naming another project leaves them be.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { PRUNE_ANNOTATION } from '../../src/deploy/annotations.js';
import type { StoredObject } from '../../src/deploy/inventory-store.js';
import { deployRepo, runDeployCli, testCluster } from './helpers/deploy-repo.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

/** A project with a Secret holding a live value, a volume claim and a CronJob. */
const OLD = [
  'secret:',
  '  - TOKEN: $WEB_TOKEN',
  'deployment:',
  '  image: example.com/old',
  '  storage: 1Gi',
  '  volumes:',
  '    - {pvc: $PROJECT_NAME, mountPath: /data}',
  'cronjobs:',
  '  - schedule: "0 2 * * *"',
  '    image: example.com/old-job',
  '    command: [run]',
  '',
].join('\n');
const SMALL = 'configmaps:\n  $PROJECT_NAME-settings: {a: "1"}\n';

async function inventoryOf(namespace: string, project: string): Promise<StoredObject[] | undefined> {
  const cm = await testCluster().get({ apiVersion: 'v1', kind: 'ConfigMap', name: `deployment-all.${project}`, namespace });
  return cm ? (JSON.parse(String((cm.data as Record<string, string>).objects)) as StoredObject[]) : undefined;
}

const refOf = (o: StoredObject) => `${o.kind}/${o.namespace}/${o.name}`;

async function exists(o: StoredObject): Promise<boolean> {
  const live = await testCluster().get(o);
  return live !== undefined && live.metadata.deletionTimestamp === undefined;
}

async function allowPrune(namespace: string, name: string): Promise<void> {
  await kubeClients().core.patchNamespacedPersistentVolumeClaim(
    { name, namespace, body: [{ op: 'add', path: '/metadata/annotations', value: { [PRUNE_ANNOTATION]: 'true' } }] },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
  );
}

describe('projects removed from the repository (real API server)', () => {
  it('a full apply prunes them (volume claims only when opted in), diff and history show them, a one-project target leaves them be', async () => {
    const namespace = await testNamespace('removed');
    const root = deployRepo(namespace, { 'projects/old/project-vars.yml.j2': OLD });
    expect((await runDeployCli(root, ['apply'])).code).toBe(0);
    const deployed = (await inventoryOf(namespace, 'old')) ?? [];
    const kinds = deployed.map((o) => o.kind).sort();
    expect(kinds).toEqual(['ConfigMap', 'CronJob', 'Deployment', 'PersistentVolumeClaim', 'PrometheusRule', 'Secret']);
    const claim = deployed.find((o) => o.kind === 'PersistentVolumeClaim') as StoredObject;
    const others = deployed.filter((o) => o !== claim);

    rmSync(join(root, 'projects/old'), { recursive: true });
    const diff = await runDeployCli(root, ['diff']);
    expect(diff.code, diff.stderr).toBe(1);
    for (const o of others) expect(diff.stdout).toContain(`would prune ${refOf(o)} (old: removed from the repository)`);
    expect(diff.stdout).not.toContain(`would prune ${refOf(claim)}`);

    const history = await runDeployCli(root, ['history']);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^it\/old \(removed from the repository\)\n\s+1\s/m);

    // Naming another project touches nothing of it.
    const one = await runDeployCli(root, ['apply', 'it/worker']);
    expect(one.code, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).not.toContain('old');
    for (const o of deployed) expect(await exists(o)).toBe(true);

    const full = await runDeployCli(root, ['apply', 'it']);
    expect(full.code, full.stdout + full.stderr).toBe(0);
    expect(full.stdout).toContain(`it/old (removed from the repository): ${others.length} pruned, 1 kept, 0 failed, still tracked`);
    expect(full.stdout).toContain(`kept       ${refOf(claim)}: a PersistentVolumeClaim is never pruned without the annotation ${PRUNE_ANNOTATION}: "true"`);
    for (const o of others) expect(await exists(o)).toBe(false);
    expect(await exists(claim)).toBe(true);
    expect((await inventoryOf(namespace, 'old'))?.map(refOf)).toEqual([refOf(claim)]);

    // Still reported on every run until it can go: nothing is silently forgotten.
    const again = await runDeployCli(root, ['apply']);
    expect(again.stdout).toContain('it/old (removed from the repository): 0 pruned, 1 kept, 0 failed, still tracked');
    expect((await runDeployCli(root, ['diff'])).code).toBe(0);
    expect((await runDeployCli(root, ['history'])).stdout).toContain('it/old (removed from the repository)');

    await allowPrune(namespace, claim.name);
    const last = await runDeployCli(root, ['apply']);
    expect(last.code, last.stdout + last.stderr).toBe(0);
    expect(last.stdout).toContain('it/old (removed from the repository): 1 pruned, 0 kept, 0 failed, inventory deleted');
    expect(await exists(claim)).toBe(false);
    expect(await inventoryOf(namespace, 'old')).toBeUndefined();
    expect((await runDeployCli(root, ['history'])).stdout).not.toContain('it/old');
    expect((await runDeployCli(root, ['apply'])).stdout).not.toContain('it/old');
  });

  it('naming a removed project (ENV/PROJECT) prunes it alone; one deployed nowhere is an unknown target', async () => {
    const namespace = await testNamespace('named');
    const root = deployRepo(namespace, { 'projects/old/project-vars.yml.j2': SMALL, 'projects/gone/project-vars.yml.j2': SMALL });
    expect((await runDeployCli(root, ['apply'])).code).toBe(0);
    rmSync(join(root, 'projects/old'), { recursive: true });
    rmSync(join(root, 'projects/gone'), { recursive: true });

    const diff = await runDeployCli(root, ['diff', 'it/gone']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain(`would prune ConfigMap/${namespace}/gone-settings (gone: removed from the repository)`);
    expect(diff.stdout).toContain('would delete the inventory of it/gone');
    expect(diff.stdout).not.toContain('old-settings');

    const named = await runDeployCli(root, ['apply', 'it/old']);
    expect(named.code, named.stdout + named.stderr).toBe(0);
    expect(named.stdout).toBe(
      `it/old (removed from the repository): 1 pruned, 0 kept, 0 failed, inventory deleted\n  pruned     ConfigMap/${namespace}/old-settings\n`,
    );
    expect(await inventoryOf(namespace, 'old')).toBeUndefined();
    expect(await exists({ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone-settings', namespace })).toBe(true);
    expect(await inventoryOf(namespace, 'gone')).toBeDefined();

    const unknown = await runDeployCli(root, ['apply', 'it/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('target "it/nope": unknown project "nope"; see projects/ (and no inventory of a removed project "nope" was found)');
    expect((await runDeployCli(root, ['apply', 'old'])).code).toBe(2);
    expect((await runDeployCli(root, ['history', 'it/gone'])).stdout).toMatch(/^it\/gone \(removed from the repository\)\n/);
  });

  it("refuses to retire more than half of an environment's projects at once without --allow-mass-prune", async () => {
    const namespace = await testNamespace('massremove');
    const root = deployRepo(namespace);
    expect((await runDeployCli(root, ['apply'])).code).toBe(0);
    rmSync(join(root, 'projects/web'), { recursive: true });
    rmSync(join(root, 'projects/worker'), { recursive: true });
    const refused = await runDeployCli(root, ['apply']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('refusing to prune 2 of the 2 projects deployed here at once because their folders are gone from projects/');
    expect(await exists({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace })).toBe(true);
    expect(await inventoryOf(namespace, 'worker')).toBeDefined();
    const allowed = await runDeployCli(root, ['apply', '--allow-mass-prune']);
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    expect(await exists({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace })).toBe(false);
    expect(await inventoryOf(namespace, 'web')).toBeUndefined();
  });
});

describe('projects disabled for an environment (real API server)', () => {
  it('enabled: false and environments: {ENV: false} prune like a removal; an enabled project rendering nothing is still refused', async () => {
    const namespace = await testNamespace('disabled');
    const root = deployRepo(namespace, { 'projects/old/project-vars.yml.j2': OLD, 'projects/small/project-vars.yml.j2': SMALL });
    expect((await runDeployCli(root, ['apply'])).code).toBe(0);
    const deployed = (await inventoryOf(namespace, 'old')) ?? [];
    const claim = deployed.find((o) => o.kind === 'PersistentVolumeClaim') as StoredObject;

    writeFileSync(join(root, 'projects/old/project-vars.yml.j2'), `${OLD}enabled: false\n`);
    writeFileSync(join(root, 'projects/web/project-vars.yml.j2'), `${SMALL}environments:\n  it: false\n`);
    writeFileSync(join(root, 'projects/small/project-vars.yml.j2'), 'configmaps: {}\n');
    const diff = await runDeployCli(root, ['diff']);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain(`would prune Deployment/${namespace}/old (old: disabled in this environment)`);
    expect(diff.stdout).toContain(`would prune Deployment/${namespace}/web (web: disabled in this environment)`);
    expect(diff.stdout).toMatch(new RegExp(`would prune ConfigMap/${namespace}/small-settings \\(blocked: the render is empty`));

    const apply = await runDeployCli(root, ['apply']);
    expect(apply.code).toBe(1); // small: refused
    expect(apply.stdout).toContain(`it/old (disabled here): ${deployed.length - 1} pruned, 1 kept, 0 failed, still tracked`);
    expect(apply.stdout).toMatch(/it\/web \(disabled here\): 8 pruned, 0 kept, 0 failed, inventory deleted/);
    expect(apply.stdout).toContain('the render is empty: refusing to delete all 1 objects');
    for (const o of deployed) expect(await exists(o)).toBe(o === claim);
    expect(await inventoryOf(namespace, 'web')).toBeUndefined();
    expect(await exists({ apiVersion: 'v1', kind: 'ConfigMap', name: 'small-settings', namespace })).toBe(true);
    expect(await exists({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace })).toBe(true);
  });
});
