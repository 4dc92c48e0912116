/**
 * The rendered Ansible files as Ansible itself reads them: `ansible-inventory --list` and
 * `ansible-playbook --syntax-check` on every environment of the VM-group fixture.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const ANSIBLE_ENV = { ...process.env, ANSIBLE_NOCOLOR: '1' };

describe('rendered VM groups', async () => {
  const root = makeRepo('vm-groups');
  const rendered = await runCli(['--root', root, 'render', '--out', 'out'], { cwd: root });

  it('render succeeds', () => {
    expect(rendered.stderr).toMatch(/3 VM group-environments/);
    expect(rendered.code).toBe(0);
  });

  it.each(['testing', 'production'])('%s: ansible-inventory lists every host with its group and host vars', (env) => {
    const dir = join(root, 'out', env, 'ansible');
    const listed = JSON.parse(execFileSync('ansible-inventory', ['-i', 'inventory.yml', '--list'], { cwd: dir, env: ANSIBLE_ENV, encoding: 'utf8' })) as {
      _meta: { hostvars: Record<string, Record<string, unknown>> };
    } & Record<string, { hosts?: string[] }>;
    if (env === 'testing') {
      expect(listed.web_vm?.hosts).toEqual(['lab-1']);
      expect(listed._meta.hostvars['lab-1']).toMatchObject({ ansible_connection: 'community.general.chroot', vm_project: 'web-vm', vm_packages: ['jq'] });
    } else {
      expect(listed.build_hosts?.hosts).toEqual(['builder-1.example.com', 'builder-2.example.com', 'builder-3.example.com']);
      expect(listed.web_vm?.hosts).toEqual(['web-1.example.com', 'web-2.example.com']);
      // Staggered: no two hosts of a group share a reboot window.
      const windows = ['builder-1.example.com', 'builder-2.example.com', 'builder-3.example.com'].map((h) => listed._meta.hostvars[h]?.vm_reboot_on_calendar);
      expect(windows).toEqual(['Sat *-*-* 22:30:00', 'Sat *-*-* 23:15:00', 'Sun *-*-* 00:00:00']);
      expect(listed._meta.hostvars['builder-3.example.com']).toMatchObject({ ansible_host: '192.0.2.13', ansible_user: 'admin', ansible_port: 2222 });
    }
  });

  it.each(['testing', 'production'])('%s: ansible-playbook --syntax-check accepts every playbook', (env) => {
    const dir = join(root, 'out', env, 'ansible');
    const playbooks = readdirSync(dir).filter((f) => f.endsWith('.yml') && f !== 'inventory.yml');
    expect(playbooks.length).toBeGreaterThan(0);
    for (const playbook of playbooks) {
      const out = execFileSync('ansible-playbook', ['-i', 'inventory.yml', '--syntax-check', playbook], { cwd: dir, env: ANSIBLE_ENV, encoding: 'utf8' });
      expect(out).toContain(`playbook: ${playbook}`);
    }
  });
});
