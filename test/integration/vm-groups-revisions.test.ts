/**
 * `history` and `status` of VM groups on the throw-away Debian system: the revision is
 * read from each host (/var/lib/deployment-all/<project>.json) over Ansible's connection;
 * a host never applied says so; an unreachable host is an error of its group's cell (and
 * history's exit status), never a crash, and the other groups are still shown.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/status/report.js';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { freshDebianRoot, type DebianRoot } from './helpers/debian-root.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';
import { uniqueName } from './helpers/names.js';

let system: DebianRoot;
let repo: string;
let secretsFile: string;

async function cli(...args: string[]): Promise<CliResult> {
  // history reads no secret: it has no --secrets-file.
  const secrets = args[0] === 'history' ? [] : ['--secrets-file', secretsFile];
  return runCli(['--root', repo, ...args, ...secrets], {
    cwd: repo,
    env: { PATH: process.env.PATH, KUBECONFIG: testEnv().KUBECONFIG, CI_PIPELINE_URL: 'https://gitlab.example.com/p/-/pipelines/77' },
  });
}

async function status(): Promise<StatusReport> {
  const result = await cli('status', 'testing', '--format', 'json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StatusReport;
}

beforeAll(async () => {
  system = await freshDebianRoot();
  // Never created: status reads it (no inventories there) for the Kubernetes side of the environment.
  const namespace = uniqueName('vm-rev');
  const fixture = makeRepo('vm-groups');
  const testing = readFileSync(join(fixture, 'inventory/environments/testing.yml'), 'utf8');
  repo = makeRepo('vm-groups', {
    'inventory/environments/testing.yml': testing.replace('/srv/roots/lab-1', system.path).replace(/^namespace: .*$/m, `namespace: ${namespace}`),
    // A second group whose only host cannot be reached.
    'projects/gone-vm/project-vars.yml.j2': 'vm_group:\n  hosts:\n    testing:\n      - {name: gone, address: 127.0.0.1, port: 1}\n',
  });
  secretsFile = join(repo, '..', `${repo.split('/').pop() ?? 'repo'}-secrets.yml`);
  writeFileSync(secretsFile, 'ARCHIVE_TOKEN: vm-token-31d0c2a9\n', { mode: 0o600 });
}, 300_000);

afterAll(() => system?.remove());

describe('history and status of VM groups', () => {
  it('before any apply: the host was never applied, the cell is not deployed', async () => {
    const history = await cli('history', 'testing/web-vm');
    expect(history.stdout).toBe('testing/web-vm (VM group: the revision recorded on each host)\n  lab-1  never applied\n');
    expect(history.code, history.stderr).toBe(0);
    const report = await status();
    expect(report.cells.find((c) => c.project === 'web-vm')).toMatchObject({ state: 'not-deployed', hosts: [{ host: 'lab-1' }] });
  }, 300_000);

  it('after apply: history and status show the revision recorded on the host', async () => {
    const apply = await cli('apply', 'testing/web-vm');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const recorded = JSON.parse(readFileSync(join(system.path, 'var/lib/deployment-all/web-vm.json'), 'utf8')) as Record<string, string>;
    const history = await cli('history', 'testing/web-vm');
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain(
      `  lab-1  ${recorded.time}  -  ${recorded.user}  render ${(recorded.hash ?? '').slice(0, 12)}  https://gitlab.example.com/p/-/pipelines/77\n`,
    );
    expect(history.stdout).not.toContain('not this checkout');
    const cell = (await status()).cells.find((c) => c.project === 'web-vm');
    expect(cell).toMatchObject({ state: 'deployed', problems: [], behind: { status: 'current' } });
    expect(cell?.hosts).toEqual([
      { host: 'lab-1', revision: { hash: recorded.hash, user: recorded.user, time: recorded.time, pipelineUrl: recorded.pipelineUrl } },
    ]);
  }, 300_000);

  it('a changed checkout is behind what the host runs', async () => {
    const vars = join(repo, 'projects/web-vm/project-vars.yml.j2');
    const before = readFileSync(vars, 'utf8');
    writeFileSync(vars, before.replace('packages: [jq]', 'packages: [jq, less]'));
    try {
      expect((await status()).cells.find((c) => c.project === 'web-vm')).toMatchObject({
        state: 'deployed',
        problems: ['behind'],
        behind: { status: 'behind' },
      });
      const history = await cli('history', 'testing/web-vm');
      expect(history.stdout).toMatch(/render [0-9a-f]{12} \(not this checkout's\)/);
    } finally {
      writeFileSync(vars, before);
    }
  }, 300_000);

  it("an unreachable host is an error of its group's cell and of history; the other group is shown", async () => {
    const report = await status();
    const gone = report.cells.find((c) => c.project === 'gone-vm');
    expect(gone).toMatchObject({ state: 'error', problems: ['error'] });
    expect(gone?.error).toMatch(/^host gone: unreachable: /);
    expect(report.cells.find((c) => c.project === 'web-vm')?.state).toBe('deployed');
    const table = await cli('status', 'testing');
    expect(table.stdout).toMatch(/gone-vm +hosts unreadable/);
    expect(table.stdout).toMatch(/web-vm +in sync 1\/1 hosts/);
    const history = await cli('history', 'testing/web-vm', 'testing/gone-vm');
    expect(history.stdout).toMatch(/testing\/gone-vm \(VM group: the revision recorded on each host\)\n {2}gone {2}error: unreachable: /);
    expect(history.stdout).toMatch(/testing\/web-vm \(VM group: the revision recorded on each host\)\n {2}lab-1 {2}\d{4}-/);
    expect(history.stderr).toContain('error: the revision of 1 host could not be read');
    expect(history.code).toBe(1);
  }, 300_000);

  it('a project that does not render: history still reads the stored inventories and says VM groups were not read', async () => {
    // history of a whole environment reads its stored inventories: the namespace must exist.
    const envFile = join(repo, 'inventory/environments/testing.yml');
    const environment = readFileSync(envFile, 'utf8');
    writeFileSync(envFile, environment.replace(/^namespace: .*$/m, `namespace: ${await testNamespace('vm-rev')}`));
    mkdirSync(join(repo, 'projects/broken'));
    writeFileSync(join(repo, 'projects/broken/project-vars.yml.j2'), 'deployment:\n  image: [\n');
    try {
      const history = await cli('history', 'testing');
      expect(history.stderr).toMatch(
        /warning: VM groups not read, this checkout cannot be rendered: 1 problem found:\n {2}projects\/broken\/project-vars\.yml\.j2/,
      );
      expect(history.code, history.stderr).toBe(0);
    } finally {
      rmSync(join(repo, 'projects/broken'), { recursive: true, force: true });
      writeFileSync(envFile, environment);
    }
  }, 300_000);
});
