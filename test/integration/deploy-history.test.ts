/** history and rollback through the CLI, in a real git repository, against the real API server. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { deployRepo, SECRET_VALUE, testCluster } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';

beforeAll(() => {
  process.env.KUBECONFIG = testEnv().KUBECONFIG;
});

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
}

async function imageOf(namespace: string): Promise<string> {
  const deployment = await testCluster().get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace });
  const spec = deployment?.spec as { template: { spec: { containers: { image: string }[] } } };
  return spec.template.spec.containers[0]?.image ?? '';
}

describe('history and rollback (real API server)', () => {
  it('records revisions and rolls back to an earlier commit with its image', async () => {
    const namespace = await testNamespace('rollback');
    const root = deployRepo(namespace);
    const secrets = join(root, 'secrets.yml');
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'v1');
    const first = git(root, 'rev-parse', 'HEAD');
    const apply = await runCli(['--root', root, 'apply', '--secrets-file', secrets], {
      env: { USER: 'alice', CI_PIPELINE_URL: 'https://gitlab.example.com/p/1' },
    });
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toContain('it/worker: 3 created, 0 configured, 0 unchanged, 0 pruned, 0 failed');
    expect(apply.stdout + apply.stderr).not.toContain(SECRET_VALUE);

    writeFileSync(join(root, 'projects/worker/project-vars.yml.j2'), 'deployment:\n  image: example.com/worker:v2\n  replicas: 0\n');
    git(root, 'commit', '-qam', 'v2');
    expect((await runCli(['--root', root, 'apply', 'worker', '--secrets-file', secrets])).code).toBe(0);
    expect(await imageOf(namespace)).toBe('example.com/worker:v2');

    const history = await runCli(['--root', root, 'history', 'it/worker']);
    expect(history.code).toBe(0);
    const lines = history.stdout.split('\n');
    expect(lines[0]).toBe('it/worker');
    expect(lines[1]).toMatch(/^\s+2\s+\S+\s+[0-9a-f]{12}\s+\S+\s+example\.com\/worker:v2$/);
    expect(lines[2]).toContain(first.slice(0, 12));
    expect(lines[2]).toContain('alice');
    expect(lines[2]).toContain('example.com/worker:v1');
    expect(lines[2]).toContain('https://gitlab.example.com/p/1');

    const back = await runCli(['--root', root, 'rollback', 'it/worker', '--to', '1', '--secrets-file', secrets]);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.stderr).toContain(`rolling it/worker back to revision 1 (commit ${first})`);
    expect(await imageOf(namespace)).toBe('example.com/worker:v1');
    const after = await runCli(['--root', root, 'history', 'it/worker']);
    expect(after.stdout.split('\n')[1]).toMatch(new RegExp(`^\\s+3\\s+\\S+\\s+${first.slice(0, 12)}\\s`));

    const missing = await runCli(['--root', root, 'rollback', 'it/worker', '--to', '9', '--secrets-file', secrets]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('it/worker has no revision 9; known revisions: 3, 2, 1');
  });
});
