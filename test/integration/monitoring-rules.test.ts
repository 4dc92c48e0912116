/**
 * The rendered alert rules under Prometheus' own tool: `promtool check rules` on every
 * rule file of the bundled repository, and a `promtool test rules` unit test per default
 * alert with series that make it fire and series that must not. (An integration test:
 * promtool comes with the test environment, and a missing promtool fails the test.)
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ALERT_NAMES } from '../../src/monitoring/alert-catalogue.js';
import type { AlertRule, RuleGroup } from '../../src/monitoring/alert-rules.js';
import { formatRuleFile } from '../../src/monitoring/prometheus-rule.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { writeRenderOutput } from '../../src/render/write-output.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runTool } from '../helpers/promtool.js';
import { alertCase } from './helpers/alert-cases.js';

const rendered = renderRepository({ root: REPOSITORY_ROOT }).rendered;

describe('rendered rule files', () => {
  it('pass promtool check rules, every file of every environment', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'deployment-all-rules-')), 'out');
    writeRenderOutput(out, rendered, 'rules');
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.includes('/monitoring/rules/'))
      .map((f) => join(out, f));
    expect(files.length).toBe(rendered.filter((r) => r.rules.rules.length > 0).length);
    const result = runTool('promtool', ['check', 'rules', ...files]);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.code, result.output).toBe(0);
  });

  it('a broken expression is caught by promtool check rules (the check is real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deployment-all-rules-'));
    const group = structuredClone(rendered[0]?.rules as RuleGroup);
    (group.rules[0] as AlertRule).expr = 'up{namespace="cki" == 0';
    writeFileSync(join(dir, 'broken.yml'), formatRuleFile([group]));
    expect(runTool('promtool', ['check', 'rules', join(dir, 'broken.yml')]).code).toBe(1);
  });
});

/** The first rendered production rule of each alert, with its group. */
function firstRules(): Map<string, { group: RuleGroup; rule: AlertRule; project: string; namespace: string }> {
  const found = new Map<string, { group: RuleGroup; rule: AlertRule; project: string; namespace: string }>();
  for (const item of rendered.filter((r) => r.environment === 'production')) {
    for (const rule of item.rules.rules) {
      if (!found.has(rule.alert)) found.set(rule.alert, { group: item.rules, rule, project: item.project, namespace: item.model.namespace });
    }
  }
  return found;
}

describe('promtool test rules, one unit test per default alert', () => {
  const rules = firstRules();

  it('the bundled repository renders every default alert somewhere in production', () => {
    expect([...rules.keys()].sort()).toEqual([...ALERT_NAMES].sort());
  });

  it.each([...ALERT_NAMES])('%s fires on its condition and stays silent otherwise', (name) => {
    const found = rules.get(name);
    expect(found, `no production project renders ${name}`).toBeDefined();
    const { group, rule, project, namespace } = found as NonNullable<typeof found>;
    const testCase = alertCase(rule, project, namespace);
    const dir = mkdtempSync(join(tmpdir(), `deployment-all-${name}-`));
    // The rule alone: another instance of the alert (a second cron job) would answer too.
    writeFileSync(join(dir, 'rules.yml'), formatRuleFile([{ ...group, rules: [rule] }]));
    const tests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: testCase.fire.input,
          alert_rule_test: [
            {
              eval_time: testCase.fire.at,
              alertname: name,
              exp_alerts: testCase.fire.labels.map((labels) => ({ exp_labels: { ...labels, ...rule.labels }, exp_annotations: rule.annotations })),
            },
          ],
        },
        { interval: '1m', input_series: testCase.quiet.input, alert_rule_test: [{ eval_time: testCase.quiet.at, alertname: name, exp_alerts: [] }] },
      ],
    };
    writeFileSync(join(dir, 'test.yml'), dump(tests, { lineWidth: -1 }));
    const result = runTool('promtool', ['test', 'rules', 'test.yml'], dir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS/);
  });
});
