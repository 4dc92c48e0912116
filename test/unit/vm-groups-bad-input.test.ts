/**
 * Bad input in a VM group: a clear error naming the file and the line or YAML path,
 * exit status 1, and nothing written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const WEB = 'projects/web-vm/project-vars.yml.j2';
const webVars = readFileSync(join(FIXTURES, 'vm-groups', WEB), 'utf8');

const cases: { name: string; files: Record<string, string | null>; expected: RegExp }[] = [
  {
    name: 'an unknown host group',
    files: { [WEB]: webVars.replace('host_group: lab', 'host_group: labs') },
    expected:
      /projects\/web-vm\/project-vars\.yml\.j2:6: vm_group\.host_group: host group "labs" is not in inventory\/environments\/testing\.yml host_groups \(known: lab\)/,
  },
  {
    name: 'a cron schedule that does not parse',
    files: { [WEB]: webVars.replace('schedule: "*/15 * * * *"', 'schedule: "*/15 25 * * *"') },
    expected: /projects\/web-vm\/project-vars\.yml\.j2:\d+: vm_group\.cron\[0\]\.schedule: cron schedule "\*\/15 25 \* \* \*": hour 25 is out of range 0-23/,
  },
  {
    name: 'a file template with an undefined variable',
    files: { 'projects/web-vm/archiver.conf.j2': 'url = {{ ARCHIVE_URL }}\nkeep = {{ retention_days }}\n' },
    expected: /projects\/web-vm\/archiver\.conf\.j2:1: .*ARCHIVE_URL/,
  },
  {
    name: 'a missing file template',
    files: { 'projects/web-vm/archiver.service.j2': null },
    expected: /project-vars\.yml\.j2:\d+: vm_group\.files\[1\]\.template: template projects\/web-vm\/archiver\.service\.j2 does not exist/,
  },
  {
    name: 'a secret missing from the catalogue',
    files: { [WEB]: webVars.replace('secret: $ARCHIVE_TOKEN', 'secret: $ARCHIVE_TOKN') },
    expected: /project-vars\.yml\.j2:\d+: vm_group\.secrets\[0\]\.secret: secret ARCHIVE_TOKN is not in the catalogue/,
  },
  {
    name: 'a restart_on path the group does not place',
    files: { [WEB]: webVars.replace('restart_on: [/etc/archiver/archiver.conf', 'restart_on: [/etc/archiver/other.conf') },
    expected:
      /project-vars\.yml\.j2:\d+: vm_group\.services\[0\]\.restart_on\[0\]: \/etc\/archiver\/other\.conf is not one of vm_group\.files or vm_group\.secrets/,
  },
  {
    name: 'hosts for an unknown environment',
    files: { [WEB]: webVars.replace('    production:\n', '    prod:\n') },
    expected: /project-vars\.yml\.j2:\d+: vm_group\.hosts\.prod: unknown environment "prod"; known: testing, production/,
  },
  {
    name: 'a misspelt key',
    files: { [WEB]: webVars.replace('  packages: [jq]', '  pakages: [jq]') },
    expected: /project-vars\.yml\.j2:\d+: vm_group\.pakages: unknown key "pakages"; did you mean "packages"\?/,
  },
  {
    name: 'a VM group that also declares Kubernetes objects',
    files: { [WEB]: `${webVars}deployment:\n  image: example.com/x\n` },
    expected: /project-vars\.yml\.j2:\d+: deployment: a project with vm_group: configures machines only/,
  },
  {
    name: 'a host in two groups of one environment',
    files: { 'projects/other-vm/project-vars.yml.j2': 'vm_group:\n  host_group: lab\nenvironments:\n  production: false\n' },
    expected: /projects\/web-vm\/project-vars\.yml\.j2:1: vm_group: host lab-1 is also in VM group other-vm in testing; a host belongs to one group/,
  },
];

describe('VM group bad input', () => {
  it.each(cases)('$name: exit 1, the place named, nothing written', async ({ files, expected }) => {
    const root = makeRepo('vm-groups', files);
    const result = await runCli(['--root', root, 'render', '--out', 'out'], { cwd: root });
    expect(result.stderr).toMatch(expected);
    expect(result.code).toBe(1);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('the unchanged fixture renders', async () => {
    const root = makeRepo('vm-groups');
    const result = await runCli(['--root', root, 'render', '--out', 'out'], { cwd: root });
    expect(result.stderr).toMatch(/3 VM group-environments/);
    expect(result.code).toBe(0);
    expect(readFileSync(join(root, 'out/testing/ansible/inventory.yml'), 'utf8')).toContain('web_vm:');
  });
});
