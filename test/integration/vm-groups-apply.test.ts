/**
 * VM groups applied for real to a throw-away Debian system (the test environment's
 * mmdebstrap root) through Ansible's chroot connection: a check run changes nothing,
 * the first run configures everything, the second changes nothing; what the run placed is
 * checked inside the root; no secret value appears in any output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { freshDebianRoot, type DebianRoot } from './helpers/debian-root.js';

const TOKEN = 'vm-token-7f3a9c21e5d4b8a6';

let system: DebianRoot;
let repo: string;
let secretsFile: string;
const outputs: CliResult[] = [];
const figures: Record<string, number> = {};

async function cli(...args: string[]): Promise<CliResult> {
  const result = await runCli(['--root', repo, ...args, '--secrets-file', secretsFile], { cwd: repo, env: { PATH: process.env.PATH } });
  outputs.push(result);
  return result;
}

const inRoot = (path: string): string => join(system.path, path);
// An enabled unit is a link to an absolute path inside the root, which existsSync would follow on this machine.
const enabled = (wants: string): boolean => lstatSync(inRoot(`etc/systemd/system/${wants}`), { throwIfNoEntry: false })?.isSymbolicLink() === true;
const passwd = (): string => readFileSync(inRoot('etc/passwd'), 'utf8');
const installed = (pkg: string): boolean =>
  /Status: install ok installed/.test(
    execFileSync('chroot', [system.path, 'dpkg', '-s', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
  );
const dpkgKnows = (pkg: string): boolean => {
  try {
    return installed(pkg);
  } catch {
    return false;
  }
};

beforeAll(async () => {
  system = await freshDebianRoot();
  repo = makeRepo('vm-groups', {
    'inventory/environments/testing.yml': readFileSync(join(makeRepo('vm-groups'), 'inventory/environments/testing.yml'), 'utf8').replace(
      '/srv/roots/lab-1',
      system.path,
    ),
    // A second group whose only host cannot be reached.
    'projects/gone-vm/project-vars.yml.j2': 'vm_group:\n  hosts:\n    testing:\n      - {name: gone, address: 127.0.0.1, port: 1}\n  packages: [jq]\n',
  });
  secretsFile = join(repo, '..', `${repo.split('/').pop() ?? 'repo'}-secrets.yml`);
  writeFileSync(secretsFile, `ARCHIVE_TOKEN: ${TOKEN}\n`, { mode: 0o600 });
}, 300_000);

afterAll(() => system?.remove());

describe('a VM group on a throw-away Debian system', () => {
  it('diff: check mode reports the changes and changes nothing', async () => {
    const result = await cli('diff', 'testing/web-vm');
    expect(result.stdout).toMatch(/testing\/web-vm: 1 host, [1-9]\d* would change, 0 failed, 0 unreachable/);
    expect(result.stdout).toContain('+url = https://archive.example.com');
    expect(result.code).toBe(1);
    expect(passwd()).not.toMatch(/^archiver:/m);
    expect(existsSync(inRoot('etc/archiver'))).toBe(false);
    expect(existsSync(inRoot('etc/systemd/system/web-vm-upload.timer'))).toBe(false);
    expect(dpkgKnows('prometheus-node-exporter')).toBe(false);
  }, 300_000);

  it('apply: configures the host and records the revision', async () => {
    const started = performance.now();
    const result = await cli('apply', 'testing/web-vm');
    figures.firstRunMs = Math.round(performance.now() - started);
    expect(result.stdout).toMatch(/testing\/web-vm: 1 host, [1-9]\d* changed, 0 failed, 0 unreachable/);
    expect(result.stdout).toMatch(/ {2}lab-1 {2}ok=\d+ changed=[1-9]\d* unreachable=0 failed=0/);
    expect(result.code).toBe(0);

    // Packages: the base ones and the group's.
    for (const pkg of ['prometheus-node-exporter', 'prometheus-node-exporter-collectors', 'unattended-upgrades', 'jq']) expect(installed(pkg), pkg).toBe(true);
    expect(enabled('multi-user.target.wants/prometheus-node-exporter.service')).toBe(true);
    // The apt collector of the VM alerts, into the node exporter's textfile folder.
    expect(enabled('timers.target.wants/prometheus-node-exporter-apt.timer')).toBe(true);
    expect(readFileSync(inRoot('lib/systemd/system/prometheus-node-exporter-apt.service'), 'utf8')).toContain('/var/lib/prometheus/node-exporter/apt.prom');
    expect(readFileSync(inRoot('etc/apt/apt.conf.d/20auto-upgrades'), 'utf8')).toContain('APT::Periodic::Unattended-Upgrade "1";');
    // The user, its group and its keys.
    expect(passwd()).toMatch(/^archiver:x:\d+:\d+::\/home\/archiver:\/bin\/sh$/m);
    expect(readFileSync(inRoot('etc/group'), 'utf8')).toMatch(/^archive:x:\d+:archiver$/m);
    expect(readFileSync(inRoot('home/archiver/.ssh/authorized_keys'), 'utf8')).toContain('ops@example.com');
    // The file rendered from the project's template, with its owner and mode.
    const conf = inRoot('etc/archiver/archiver.conf');
    expect(readFileSync(conf, 'utf8')).toBe('# web-vm in testing\nurl = https://archive.example.com\npeers = lab-1\ntoken_file = /etc/archiver/token\n');
    expect((statSync(conf).mode & 0o777).toString(8)).toBe('640');
    // The secret: placed now, mode 0600, owned by the user.
    const token = inRoot('etc/archiver/token');
    expect(readFileSync(token, 'utf8')).toBe(TOKEN);
    expect((statSync(token).mode & 0o777).toString(8)).toBe('600');
    expect(statSync(token).uid).toBe(statSync(inRoot('home/archiver')).uid);
    // The service and the cron jobs as enabled timers systemd reads.
    expect(enabled('multi-user.target.wants/archiver.service')).toBe(true);
    for (const unit of ['web-vm-upload', 'web-vm-report', 'deployment-all-reboot']) {
      expect(enabled(`timers.target.wants/${unit}.timer`), unit).toBe(true);
    }
    const report = readFileSync(inRoot('etc/systemd/system/web-vm-report.timer'), 'utf8');
    expect(report).toContain('OnCalendar=Mon *-*-* 06:00:00\nOnCalendar=*-*-01 06:00:00\n');
    expect(readFileSync(inRoot('etc/systemd/system/web-vm-report.service'), 'utf8')).toContain("ExecStart=/bin/sh -c 'echo report of $(date +%%F)");
    expect(readFileSync(inRoot('etc/systemd/system/deployment-all-reboot.timer'), 'utf8')).toContain('OnCalendar=Sun *-*-* 03:00:00');
    const verify = execFileSync('chroot', [system.path, 'systemd-analyze', 'calendar', 'Mon *-*-* 06:00:00', '*-*-01 06:00:00', '*-*-* *:00,15,30,45:00'], {
      encoding: 'utf8',
    });
    expect(verify).toMatch(/Next elapse:/);
    // The revision, on the host.
    const revision = JSON.parse(readFileSync(inRoot('var/lib/deployment-all/web-vm.json'), 'utf8')) as Record<string, unknown>;
    expect(revision).toMatchObject({ project: 'web-vm', environment: 'testing' });
    expect(revision.hash).toMatch(/^[0-9a-f]{64}$/);
  }, 300_000);

  it('apply again: nothing changes', async () => {
    const before = readFileSync(inRoot('var/lib/deployment-all/web-vm.json'), 'utf8');
    const started = performance.now();
    const result = await cli('apply', 'testing/web-vm');
    figures.secondRunMs = Math.round(performance.now() - started);
    expect(result.stdout).toMatch(/testing\/web-vm: 1 host, 0 changed, 0 failed, 0 unreachable/);
    expect(result.stdout).toMatch(/ {2}lab-1 {2}ok=\d+ changed=0 unreachable=0 failed=0/);
    expect(result.code).toBe(0);
    expect(readFileSync(inRoot('var/lib/deployment-all/web-vm.json'), 'utf8')).toBe(before);
    const diff = await cli('diff', 'testing/web-vm');
    expect(diff.stdout).toMatch(/testing\/web-vm: 1 host, 0 would change/);
    expect(diff.code).toBe(0);
  }, 300_000);

  it('an unreachable host fails its group and no other', async () => {
    const result = await cli('apply', 'testing/web-vm', 'testing/gone-vm');
    expect(result.stdout).toMatch(
      /testing\/gone-vm: 1 host, 0 changed, 0 failed, 1 unreachable\n {2}gone {2}ok=0 changed=0 unreachable=1 failed=0 skipped=0\n {2}failed {5}unreachable: gone/,
    );
    expect(result.stdout).toMatch(/testing\/web-vm: 1 host, 0 changed, 0 failed, 0 unreachable/);
    expect(result.code).toBe(1);
  }, 300_000);

  it('no secret value in any output', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(5);
    for (const o of outputs) {
      expect(o.stdout).not.toContain(TOKEN);
      expect(o.stderr).not.toContain(TOKEN);
    }
    console.info(`VM group figures: first run ${figures.firstRunMs} ms, idempotent second run ${figures.secondRunMs} ms`);
  });
});
