/**
 * Pruning on the throw-away Debian system: a cron job (its timer) and a file removed from
 * the vars are removed from the host by the next apply (`diff` first reports it and
 * removes nothing); what is still declared is untouched; the run after that changes
 * nothing. A service no longer declared is disabled; a unit removed by hand meanwhile does
 * not fail the run. What an apply placed is kept in /var/lib/deployment-all/<project>.manifest.
 */
import { existsSync, lstatSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { freshDebianRoot, type DebianRoot } from './helpers/debian-root.js';

let system: DebianRoot;
let repo: string;
let secretsFile: string;

async function cli(...args: string[]): Promise<CliResult> {
  return runCli(['--root', repo, ...args, '--secrets-file', secretsFile], { cwd: repo, env: { PATH: process.env.PATH } });
}

const inRoot = (path: string): string => join(system.path, path);
const linked = (path: string): boolean => lstatSync(inRoot(path), { throwIfNoEntry: false }) !== undefined;
const KEPT = [
  'etc/systemd/system/web-vm-upload.timer',
  'etc/systemd/system/web-vm-upload.service',
  'etc/systemd/system/timers.target.wants/web-vm-upload.timer',
  'etc/systemd/system/archiver.service',
  'etc/archiver/token',
];
const PRUNED = [
  'etc/systemd/system/web-vm-report.timer',
  'etc/systemd/system/web-vm-report.service',
  'etc/systemd/system/timers.target.wants/web-vm-report.timer',
  'etc/archiver/archiver.conf',
];
const VARS = 'projects/web-vm/project-vars.yml.j2';

beforeAll(async () => {
  system = await freshDebianRoot();
  const fixture = makeRepo('vm-groups');
  repo = makeRepo('vm-groups', {
    'inventory/environments/testing.yml': readFileSync(join(fixture, 'inventory/environments/testing.yml'), 'utf8').replace('/srv/roots/lab-1', system.path),
  });
  secretsFile = join(repo, '..', `${repo.split('/').pop() ?? 'repo'}-secrets.yml`);
  writeFileSync(secretsFile, 'ARCHIVE_TOKEN: vm-token-5b7e01c4\n', { mode: 0o600 });
}, 300_000);

afterAll(() => system?.remove());

describe('pruning what a VM group no longer declares', () => {
  const kept = new Map<string, { content: string; mtimeMs: number }>();

  it('the first apply places everything and records it in the manifest', async () => {
    const result = await cli('apply', 'testing/web-vm');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const path of [...KEPT, ...PRUNED]) expect(linked(path), path).toBe(true);
    for (const path of KEPT.filter((p) => !p.includes('.wants/')))
      kept.set(path, { content: readFileSync(inRoot(path), 'utf8'), mtimeMs: statSync(inRoot(path)).mtimeMs });
    const manifest = JSON.parse(readFileSync(inRoot('var/lib/deployment-all/web-vm.manifest'), 'utf8')) as Record<string, string[]>;
    expect(manifest).toEqual({
      files: ['/etc/archiver/archiver.conf', '/etc/systemd/system/archiver.service', '/etc/archiver/token'],
      timers: ['web-vm-upload', 'web-vm-report'],
      services: ['archiver'],
    });
  }, 300_000);

  it('a timer and a file removed from the vars: diff reports it, apply removes them and nothing else', async () => {
    const vars = readFileSync(join(repo, VARS), 'utf8');
    const without = vars
      .replace(/ {4}- path: \/etc\/archiver\/archiver\.conf\n(?: {6}.*\n)+/, '')
      .replace('restart_on: [/etc/archiver/archiver.conf, /etc/archiver/token]', 'restart_on: [/etc/archiver/token]')
      .replace(/ {4}- name: report\n(?: {6}.*\n)+/, '');
    expect(without).not.toContain('archiver.conf.j2');
    expect(without).not.toContain('name: report');
    writeFileSync(join(repo, VARS), without);

    const diff = await cli('diff', 'testing/web-vm');
    expect(diff.stdout).toMatch(/testing\/web-vm: 1 host, [1-9]\d* would change/);
    expect(diff.code).toBe(1);
    for (const path of PRUNED) expect(linked(path), `${path} after diff`).toBe(true);

    const apply = await cli('apply', 'testing/web-vm');
    expect(apply.stdout).toMatch(/testing\/web-vm: 1 host, [1-9]\d* changed, 0 failed, 0 unreachable/);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    for (const path of PRUNED) expect(linked(path), `${path} pruned`).toBe(false);
    for (const path of KEPT) expect(linked(path), `${path} kept`).toBe(true);
    for (const [path, before] of kept) {
      expect(readFileSync(inRoot(path), 'utf8'), path).toBe(before.content);
      expect(statSync(inRoot(path)).mtimeMs, `${path} untouched`).toBe(before.mtimeMs);
    }
    expect(existsSync(inRoot('etc/archiver'))).toBe(true);
    const manifest = JSON.parse(readFileSync(inRoot('var/lib/deployment-all/web-vm.manifest'), 'utf8')) as Record<string, string[]>;
    expect(manifest).toEqual({ files: ['/etc/systemd/system/archiver.service', '/etc/archiver/token'], timers: ['web-vm-upload'], services: ['archiver'] });
  }, 300_000);

  it('a service no longer declared is disabled (its unit file, still declared, stays)', async () => {
    const vars = readFileSync(join(repo, VARS), 'utf8');
    const without = vars.replace(/ {2}services:\n {4}- name: archiver\n {6}restart_on: .*\n/, '');
    expect(without).not.toContain('services:');
    writeFileSync(join(repo, VARS), without);
    expect(linked('etc/systemd/system/multi-user.target.wants/archiver.service')).toBe(true);
    const apply = await cli('apply', 'testing/web-vm');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(linked('etc/systemd/system/multi-user.target.wants/archiver.service')).toBe(false);
    expect(linked('etc/systemd/system/archiver.service')).toBe(true);
  }, 300_000);

  it('a timer whose unit was removed by hand meanwhile is pruned without failing the run', async () => {
    const vars = readFileSync(join(repo, VARS), 'utf8');
    const without = vars.replace(/ {2}cron:\n(?: {4}.*\n)+/, '');
    expect(without).not.toContain('name: upload');
    writeFileSync(join(repo, VARS), without);
    rmSync(inRoot('etc/systemd/system/web-vm-upload.timer'));
    const apply = await cli('apply', 'testing/web-vm');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(linked('etc/systemd/system/web-vm-upload.service')).toBe(false);
    expect(linked('etc/archiver/token')).toBe(true);
    const manifest = JSON.parse(readFileSync(inRoot('var/lib/deployment-all/web-vm.manifest'), 'utf8')) as Record<string, string[]>;
    expect(manifest).toEqual({ files: ['/etc/systemd/system/archiver.service', '/etc/archiver/token'], timers: [], services: [] });
  }, 300_000);

  it('the next apply changes nothing', async () => {
    const result = await cli('apply', 'testing/web-vm');
    expect(result.stdout).toMatch(/testing\/web-vm: 1 host, 0 changed, 0 failed, 0 unreachable/);
    expect(result.code).toBe(0);
  }, 300_000);
});
