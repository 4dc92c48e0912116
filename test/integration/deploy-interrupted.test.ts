/**
 * kill -9 in the middle of a large apply, then a re-run with a changed render:
 * it converges, and objects the killed run created but the new render drops are
 * pruned (they were recorded as pending before the apply started).
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { deployRepo, testCluster } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';
import { waitFor } from './helpers/wait-for.js';

const CLI = join(REPOSITORY_ROOT, 'deployment-all');

function bigProject(from: number, to: number): string {
  const maps = [];
  for (let i = from; i < to; i++) maps.push(`  cm-${i}: {index: "${i}"}`);
  return `configmaps:\n${maps.join('\n')}\n`;
}

describe('an interrupted apply (real API server)', () => {
  it('converges when re-run after kill -9, pruning what the killed run created and is no longer rendered', async () => {
    const namespace = await testNamespace('kill9');
    const root = deployRepo(namespace, { 'projects/web': null, 'projects/worker/project-vars.yml.j2': bigProject(0, 60) });
    const env = { ...process.env, KUBECONFIG: testEnv().KUBECONFIG, NO_COLOR: '1' };
    const child = spawn(CLI, ['--root', root, 'apply', '--concurrency', '1', '--secrets-file', join(root, 'secrets.yml')], { env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? null : code)));
    const cluster = testCluster();
    await waitFor(async () => ((await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm-30', namespace })) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 20,
      description: 'cm-30 created by the apply (objects go in name order: cm-0..cm-3 come before it)',
    });
    child.kill('SIGKILL');
    expect(await exited, 'the apply was killed before it finished').toBeNull();
    const listNames = async () =>
      (await cluster.list('v1', 'ConfigMap', namespace, 'deployment-all.io/project=worker')).map((c) => c.metadata.name).filter((n) => n.startsWith('cm-'));
    const created = await listNames();
    expect(created.length).toBeLessThan(60);
    const dropped = created.filter((name) => /^cm-[0-4]$/.test(name));
    expect(dropped.length).toBeGreaterThanOrEqual(4);

    // The new render drops cm-0..cm-4, which the killed run did create.
    const rerun = deployRepo(namespace, { 'projects/web': null, 'projects/worker/project-vars.yml.j2': bigProject(5, 60) });
    const output = execFileSync(CLI, ['--root', rerun, 'apply', '--secrets-file', join(rerun, 'secrets.yml')], { env, encoding: 'utf8' });
    const pruned = Number(/it\/worker: \d+ created, \d+ configured, \d+ unchanged, (\d+) pruned, 0 failed/.exec(output)?.[1]);
    // A request in flight at the kill may still land after we looked: at least those we saw.
    expect(pruned, output).toBeGreaterThanOrEqual(dropped.length);
    expect(pruned, output).toBeLessThanOrEqual(5);
    const names = (await listNames()).sort();
    expect(names, output).toEqual(Array.from({ length: 55 }, (_, i) => `cm-${i + 5}`).sort());
    const inventory = await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'deployment-all.worker', namespace });
    const data = inventory?.data as { objects: string; pending: string };
    expect(JSON.parse(data.objects)).toHaveLength(55);
    expect(JSON.parse(data.pending)).toEqual([]);
  });
});
