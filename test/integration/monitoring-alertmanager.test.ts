/**
 * The rendered Alertmanager configurations under Alertmanager's own tool (amtool, from
 * Debian's prometheus-alertmanager, installed by the test environment): every
 * environment's file passes `amtool check-config`, and `amtool config routes test`
 * shows a critical production alert reaching the pager and a staging one not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRepository } from '../../src/render/render-repository.js';
import { monitoringTexts } from '../../src/render/monitoring-files.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runTool } from '../helpers/promtool.js';

const result = renderRepository({ root: REPOSITORY_ROOT });
const dir = mkdtempSync(join(tmpdir(), 'deployment-all-alertmanager-'));
const configs = new Map<string, string>();
for (const [file, text] of monitoringTexts(result.rendered, result.inventory)) {
  if (!file.endsWith('/alertmanager.yml')) continue;
  const path = join(dir, file.replace(/\//g, '-'));
  writeFileSync(path, text);
  configs.set(file.split('/')[0] as string, path);
}

function receivers(environment: string, labels: Record<string, string>): string[] {
  const args = ['config', 'routes', 'test', `--config.file=${configs.get(environment)}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  const out = runTool('amtool', args);
  expect(out.code, out.output).toBe(0);
  // The last line is the receivers, comma-separated (warnings about flags come first).
  const line =
    out.output
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('Warning:'))
      .pop() ?? '';
  return line.split(',').sort();
}

describe('rendered Alertmanager configurations', () => {
  it('one per environment, each passing amtool check-config', () => {
    expect([...configs.keys()].sort()).toEqual(result.inventory.environments.map((e) => e.name).sort());
    const out = runTool('amtool', ['check-config', ...configs.values()]);
    expect(out.code, out.output).toBe(0);
    expect(out.output.match(/SUCCESS/g)).toHaveLength(configs.size);
  });

  it('amtool check-config refuses a route to a receiver that does not exist (the check is real)', () => {
    const broken = join(dir, 'broken.yml');
    writeFileSync(broken, 'route: {receiver: nobody}\nreceivers: [{name: cki-team}]\n');
    expect(runTool('amtool', ['check-config', broken]).code).toBe(1);
  });

  it('a critical production alert pages, and still reaches the team', () => {
    expect(receivers('production', { alertname: 'TargetDown', severity: 'critical', environment: 'production', project: 'micro-service' })).toEqual([
      'cki-team',
      'emergency-pager',
    ]);
  });

  it('a critical staging alert, or a production warning, does not page', () => {
    expect(receivers('staging', { alertname: 'TargetDown', severity: 'critical', environment: 'staging', project: 'micro-service' })).toEqual(['cki-team']);
    expect(receivers('production', { alertname: 'PodNotReady', severity: 'warning', environment: 'production', project: 'micro-service' })).toEqual([
      'cki-team',
    ]);
  });

  it("routes a project's alerts to its own receiver", () => {
    expect(receivers('production', { alertname: 'HerderRetryStorm', severity: 'warning', environment: 'production', project: 'pipeline-herder' })).toEqual([
      'herder-owners',
    ]);
  });
});
