/**
 * An environment whose namespace does not exist, through the CLI against the real
 * API server: one line saying what to do before anything is applied, or the
 * namespace created by apply when the environment allows it.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { deployRepo, runDeployCli, testCluster } from './helpers/deploy-repo.js';
import { kubeClients, testNamespace } from './helpers/kube.js';
import { uniqueName } from './helpers/names.js';

async function namespaceExists(name: string): Promise<boolean> {
  return (await testCluster().get({ apiVersion: 'v1', kind: 'Namespace', name })) !== undefined;
}

describe('an environment whose namespace does not exist (real API server)', () => {
  it('stops apply, diff and history before anything, in one line saying what to do', async () => {
    const present = await testNamespace('nspresent');
    const missing = uniqueName('nsmissing');
    const root = deployRepo(present);
    // A second environment, deployed after the first one: its missing namespace must stop the first one too.
    writeFileSync(
      join(root, 'inventory/environments/later.yml'),
      `cluster: {name: test-env, server: https://127.0.0.1}\nnamespace: ${missing}\ndomain: later.example.com\nimage_tag: v1\nsecrets_path: it\ndeploy_order: 2\n`,
    );
    const line = `environment later: namespace "${missing}" does not exist; create it (kubectl create namespace ${missing}), or set create_namespace: true in inventory/environments/later.yml to let apply create it`;

    const apply = await runDeployCli(root, ['apply']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toBe(`error: ${line}\n`);
    expect(apply.stdout).toBe('');
    const inventories = await testCluster().list('v1', 'ConfigMap', present, 'deployment-all.io/inventory=true');
    expect(inventories).toEqual([]);
    expect(await testCluster().get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace: present })).toBeUndefined();

    const diff = await runDeployCli(root, ['diff']);
    expect(diff.code).toBe(2); // diff's status for an error (1 means "changes")
    expect(diff.stderr).toBe(`error: ${line}\n`);
    const history = await runDeployCli(root, ['history']);
    expect(history.code).toBe(1);
    expect(history.stderr).toBe(`error: ${line}\n`);
    expect(await namespaceExists(missing)).toBe(false);
  });

  it('with create_namespace: true, diff and --dry-run show everything created and write nothing; apply creates it', async () => {
    const name = uniqueName('nscreate');
    onTestFinished(async () => {
      if (await namespaceExists(name)) await kubeClients().core.deleteNamespace({ name });
    });
    const root = deployRepo(name);
    appendFileSync(join(root, 'inventory/environments/it.yml'), 'create_namespace: true\n');

    const diff = await runDeployCli(root, ['diff']);
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toContain(`would create Deployment/${name}/worker`);
    expect(diff.stdout).toContain(`would create Secret/${name}/web`);
    const dryRun = await runDeployCli(root, ['apply', '--dry-run']);
    expect(dryRun.code, dryRun.stdout + dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain(`it/worker: 3 created, 0 configured, 0 unchanged, 0 pruned, 0 failed`);
    const history = await runDeployCli(root, ['history']);
    expect(history.stdout).toBe('it/web\n  never deployed\nit/worker\n  never deployed\n');
    expect(await namespaceExists(name)).toBe(false);

    const apply = await runDeployCli(root, ['apply']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stderr).toContain(`it: created Namespace/${name} (create_namespace: true)\n`);
    expect(apply.stdout).toContain('it/worker: 3 created');
    expect(await testCluster().get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace: name })).toBeDefined();
    const again = await runDeployCli(root, ['apply']);
    expect(again.stderr).not.toContain('created Namespace');
    expect(again.stdout).toBe('it/web: unchanged (no-op)\nit/worker: unchanged (no-op)\n');
  });
});
