/**
 * The alerts of VM groups: every group gets host down, reboot required, updates failing
 * and pending security updates, selecting its own hosts' node exporter targets (the
 * scrape file render writes); `alerts:` overrides them like a project's, and an override
 * of an alert a VM group does not get is a validate error with file and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { renderRepository } from '../../src/render/render-repository.js';
import { monitoringTexts } from '../../src/render/monitoring-files.js';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const VARS = 'projects/build-hosts/project-vars.yml.j2';

function renderWith(extra: string) {
  const root = makeRepo('vm-groups');
  const text = readFileSync(join(root, VARS), 'utf8');
  return makeRepo('vm-groups', { [VARS]: text + extra });
}

describe('alert rules of VM groups', () => {
  it('each group gets its four alerts, selecting its own targets in its environment', () => {
    const result = renderRepository({ root: makeRepo('vm-groups'), targets: ['production/build-hosts'] });
    const rules = result.vmGroups[0]?.rules.rules ?? [];
    expect(rules.map((r) => r.alert)).toEqual(['HostDown', 'HostRebootRequired', 'HostUpdatesFailing', 'HostSecurityUpdatesPending']);
    const target = '{job="deployment-all-vm", environment="production", project="build-hosts"';
    expect(rules[0]?.expr).toBe(`up${target}} == 0`);
    expect(rules[1]?.expr).toBe(`node_reboot_required${target}} == 1`);
    expect(rules[2]?.expr).toBe(`time() - apt_package_cache_timestamp_seconds${target}} > 2 * 86400`);
    expect(rules[3]?.expr).toBe(`sum by (host) (apt_upgrades_pending${target}, origin=~".*-security.*"}) > 0`);
    expect(rules[1]?.for).toBe('8d');
    expect(rules[0]?.labels).toEqual({ severity: 'critical', environment: 'production', project: 'build-hosts' });
  });

  it('the scrape file lists every host with the labels the alerts select on', () => {
    const result = renderRepository({ root: makeRepo('vm-groups'), targets: ['production'] });
    const files = monitoringTexts(result.rendered, result.inventory, result.vmGroups);
    expect(load(files.get('production/monitoring/scrape/build-hosts.yml') ?? '')).toEqual([
      {
        targets: ['builder-1.example.com:9100'],
        labels: { job: 'deployment-all-vm', environment: 'production', project: 'build-hosts', host: 'builder-1.example.com' },
      },
      {
        targets: ['builder-2.example.com:9100'],
        labels: { job: 'deployment-all-vm', environment: 'production', project: 'build-hosts', host: 'builder-2.example.com' },
      },
      // The SSH address, not the inventory name.
      { targets: ['192.0.2.13:9100'], labels: { job: 'deployment-all-vm', environment: 'production', project: 'build-hosts', host: 'builder-3.example.com' } },
    ]);
    expect(files.get('production/monitoring/rules/build-hosts.yml')).toContain('alert: HostDown');
    expect(files.get('production/monitoring/rules/web-vm.yml')).toContain('project: web-vm');
  });

  it('alerts: overrides threshold, for and severity, turns one off, per environment', () => {
    const root = renderWith(
      'alerts:\n  HostUpdatesFailing: {threshold: 4}\n  HostRebootRequired: {for: 10d, severity: critical}\n  HostSecurityUpdatesPending: false\n',
    );
    const rules = renderRepository({ root, targets: ['production/build-hosts'] }).vmGroups[0]?.rules.rules ?? [];
    expect(rules.map((r) => r.alert)).toEqual(['HostDown', 'HostRebootRequired', 'HostUpdatesFailing']);
    expect(rules[1]).toMatchObject({ for: '10d', labels: { severity: 'critical' } });
    expect(rules[2]?.expr).toMatch(/ > 4 \* 86400$/);
  });

  it('overriding an alert VM groups do not get is an error naming the line', async () => {
    const root = renderWith('alerts:\n  PodNotReady: false\n');
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /projects\/build-hosts\/project-vars\.yml\.j2:17: alerts\.PodNotReady: alert PodNotReady does not apply to project build-hosts/,
    );
  });

  it('a misspelt VM alert is an unknown key with a suggestion', async () => {
    const root = renderWith('alerts:\n  HostDwn: false\n');
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/alerts\.HostDwn: unknown key "HostDwn"; did you mean "HostDown"\?/);
  });
});
