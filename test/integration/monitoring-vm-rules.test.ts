/**
 * The alert rules and scrape targets of VM groups under Prometheus' own tool: `promtool
 * check rules` on the rendered rule files, `promtool check config` on a Prometheus
 * configuration reading the rendered file_sd target files, and a `promtool test rules`
 * unit test per VM alert with series that make it fire and series that must not.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { VM_ALERT_NAMES } from '../../src/monitoring/vm-alert-catalogue.js';
import { formatRuleFile } from '../../src/monitoring/prometheus-rule.js';
import { VM_SCRAPE_JOB } from '../../src/monitoring/vm-alerts.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { writeRenderOutput } from '../../src/render/write-output.js';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runTool } from '../helpers/promtool.js';
import { vmAlertCase } from './helpers/vm-alert-cases.js';

const result = renderRepository({ root: makeRepo('vm-groups') });
const out = join(mkdtempSync(join(tmpdir(), 'deployment-all-vm-rules-')), 'out');
writeRenderOutput(out, result.rendered, 'rules', result.ansible, result.inventory, undefined, result.vmGroups);
const files = readdirSync(out, { recursive: true, encoding: 'utf8' });

describe('rendered VM-group monitoring files', () => {
  it('pass promtool check rules, one file per group and environment', () => {
    const rules = files.filter((f) => f.includes('/monitoring/rules/')).sort();
    expect(rules).toEqual(['production/monitoring/rules/build-hosts.yml', 'production/monitoring/rules/web-vm.yml', 'testing/monitoring/rules/web-vm.yml']);
    const check = runTool('promtool', ['check', 'rules', ...rules.map((f) => join(out, f))]);
    expect(check.output).not.toMatch(/FAILED/);
    expect(check.code, check.output).toBe(0);
  });

  it('the scrape files pass promtool check config as file_sd targets (a bad one among them fails)', () => {
    const scrape = files.filter((f) => f.includes('/monitoring/scrape/')).sort();
    expect(scrape).toEqual(['production/monitoring/scrape/build-hosts.yml', 'production/monitoring/scrape/web-vm.yml', 'testing/monitoring/scrape/web-vm.yml']);
    const dir = mkdtempSync(join(tmpdir(), 'deployment-all-vm-scrape-'));
    // A glob is allowed in the last path element only: one per environment.
    const config = (globs: string[]) => dump({ scrape_configs: [{ job_name: VM_SCRAPE_JOB, file_sd_configs: [{ files: globs }] }] });
    writeFileSync(join(dir, 'prometheus.yml'), config(['production', 'testing'].map((env) => join(out, env, 'monitoring/scrape/*.yml'))));
    const check = runTool('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    expect(check.output).toMatch(/SUCCESS/);
    expect(check.code, check.output).toBe(0);
    // The same globs with a bad file beside the rendered ones: the check reads them.
    const broken = join(out, 'testing/monitoring/scrape/zz-broken.yml');
    writeFileSync(broken, '- targets: ["a:9100"]\n  labels: {"bad label": x}\n');
    const bad = runTool('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    rmSync(broken);
    expect(bad.output).toMatch(/testing\/monitoring\/scrape\/\*\.yml": "bad label" is not a valid label name/);
    expect(bad.code).toBe(1);
  });
});

describe('promtool test rules, one unit test per VM alert', () => {
  const group = result.vmGroups.find((g) => g.environment === 'production' && g.project === 'build-hosts');

  it.each([...VM_ALERT_NAMES])('%s fires on its condition and stays silent otherwise', (name) => {
    const rule = group?.rules.rules.find((r) => r.alert === name);
    expect(rule, `build-hosts renders no ${name}`).toBeDefined();
    if (!group || !rule) return;
    const testCase = vmAlertCase(rule, group.environment, group.project);
    const dir = mkdtempSync(join(tmpdir(), `deployment-all-${name}-`));
    writeFileSync(join(dir, 'rules.yml'), formatRuleFile([{ ...group.rules, rules: [rule] }]));
    const unit = (input: typeof testCase.fire.input, at: string, expected: Record<string, string>[]) => ({
      interval: '1h',
      input_series: input,
      alert_rule_test: [
        {
          eval_time: at,
          alertname: name,
          exp_alerts: expected.map((labels) => ({ exp_labels: { ...labels, ...rule.labels }, exp_annotations: rule.annotations })),
        },
      ],
    });
    const tests = {
      rule_files: ['rules.yml'],
      // As often as the series move, so that `for` sees the condition at every evaluation.
      evaluation_interval: '1h',
      tests: [unit(testCase.fire.input, testCase.fire.at, testCase.fire.labels), unit(testCase.quiet.input, testCase.quiet.at, [])],
    };
    writeFileSync(join(dir, 'test.yml'), dump(tests, { lineWidth: -1 }));
    const run = runTool('promtool', ['test', 'rules', 'test.yml'], dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/SUCCESS/);
  });
});
