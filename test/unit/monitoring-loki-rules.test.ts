/**
 * Loki ruler rules on the common library's JSON logs: every LogQL expression parsed by
 * Grafana's LogQL grammar (a tree with an error node fails), their line filters matched
 * against a real line of createLogger, and their overrides and mistakes under `alerts:`.
 */
import { Writable } from 'node:stream';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logging.js';
import type { AlertRule, RuleGroup } from '../../src/monitoring/alert-rules.js';
import { monitoringTexts } from '../../src/render/monitoring-files.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { makeRepo, REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { parseLogql } from '../helpers/query-parse.js';
import { runCli } from '../helpers/run-cli.js';

const bundled = renderRepository({ root: REPOSITORY_ROOT });
/** Every Loki rule file of the bundled render, by path. */
const ruleFiles = new Map(
  [...monitoringTexts(bundled.rendered, bundled.inventory)]
    .filter(([path]) => path.includes('/monitoring/loki-rules/'))
    .map(([path, text]) => [path, load(text) as { groups: RuleGroup[] }]),
);
const allRules = [...ruleFiles].flatMap(([file, { groups }]) => groups.flatMap((g) => g.rules.map((rule) => ({ file, rule }))));

/** One JSON line, as a service's logger writes it. */
function loggedLine(level: 'error' | 'fatal' | 'warn', message: string): Record<string, unknown> & { text: string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  createLogger('pipeline-herder', { destination, level: 'info', env: {} })[level]({ job: 7 }, message);
  const text = lines.join('').trim();
  return { ...(JSON.parse(text) as Record<string, unknown>), text };
}

describe('Loki rules of the bundled repository', () => {
  it('are written per project with a deployment, in the rule-file format', () => {
    expect([...ruleFiles.keys()]).toContain('production/monitoring/loki-rules/pipeline-herder.yml');
    // artifact-cleaner is cron jobs only: no deployment, no log alerts.
    expect([...ruleFiles.keys()]).not.toContain('production/monitoring/loki-rules/artifact-cleaner.yml');
    for (const { rule } of allRules) {
      expect(Object.keys(rule).sort()).toEqual(['alert', 'annotations', 'expr', 'for', 'labels']);
      expect(rule.labels).toMatchObject({ project: expect.any(String), environment: expect.any(String), severity: expect.any(String) });
    }
    expect(new Set(allRules.map((r) => r.rule.alert))).toEqual(new Set(['LogErrors', 'LogFatal']));
  });

  it("every expression parses with Grafana's LogQL grammar", () => {
    const broken = allRules.filter(({ rule }) => parseLogql(rule.expr).errors.length > 0).map(({ file, rule }) => `${file}: ${rule.alert}: ${rule.expr}`);
    expect(allRules.length).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it('the parse check catches a broken expression', () => {
    const good = allRules[0]?.rule.expr as string;
    expect(parseLogql(good).errors).toEqual([]);
    expect(parseLogql(good.replace('| json |', '| jsn |')).errors.length).toBeGreaterThan(0);
    expect(parseLogql(good.replace(' [5m]', '')).errors.length).toBeGreaterThan(0);
    expect(parseLogql('sum(count_over_time({namespace="cki"} |= "x" [5m]').errors.length).toBeGreaterThan(0);
  });

  it("the line filters keep the library's error and fatal lines and drop the others", () => {
    const rule = (alert: string): AlertRule => allRules.find((r) => r.rule.alert === alert && r.file.startsWith('production/'))?.rule as AlertRule;
    const filter = (alert: string): RegExp => new RegExp(parseLogql(rule(alert).expr).lineFilters[0] as string);
    const error = loggedLine('error', 'handler failed, message sent to the retry queue');
    const fatal = loggedLine('fatal', 'pipeline herder failed');
    const warn = loggedLine('warn', 'slow');
    // The field the rules read after `| json` is the one the logger writes.
    expect([error.level, fatal.level, warn.level]).toEqual(['error', 'fatal', 'warn']);
    expect(rule('LogErrors').expr).toContain('| json | level=~"error|fatal"');
    expect(filter('LogErrors').test(error.text)).toBe(true);
    expect(filter('LogErrors').test(fatal.text)).toBe(true);
    expect(filter('LogErrors').test(warn.text)).toBe(false);
    expect(filter('LogFatal').test(fatal.text)).toBe(true);
    expect(filter('LogFatal').test(error.text)).toBe(false);
    // LogFatal groups by msg, which holds the known fatal message.
    expect(rule('LogFatal').expr).toMatch(/by \(namespace, container, msg\)/);
    expect(fatal.msg).toBe('pipeline herder failed');
  });
});

describe('overrides under alerts:', () => {
  const API = 'projects/api/project-vars.yml.j2';
  const BASE = 'deployment:\n  image: example.com/api\n';
  const logRules = (vars: string): AlertRule[] => {
    const root = makeRepo('basic', { [API]: vars });
    return renderRepository({ root, targets: ['prod/api'] }).rendered[0]?.logRules.rules ?? [];
  };

  it('threshold, for and severity change the rule; false turns it off', () => {
    const list = logRules(`${BASE}alerts:\n  LogErrors: {threshold: 50, for: 15m, severity: critical}\n  LogFatal: false\n`);
    expect(list.map((r) => r.alert)).toEqual(['LogErrors']);
    expect(list[0]?.expr).toMatch(/ > 50$/);
    expect(list[0]).toMatchObject({ for: '15m', labels: { severity: 'critical' } });
    expect(parseLogql(list[0]?.expr as string).errors).toEqual([]);
  });

  it('the Prometheus rules are untouched by a log override', () => {
    const root = makeRepo('basic', { [API]: `${BASE}alerts:\n  LogFatal: false\n` });
    const item = renderRepository({ root, targets: ['prod/api'] }).rendered[0];
    expect(item?.rules.rules.map((r) => r.alert)).toEqual(['PodCrashLooping', 'PodNotReady', 'DeploymentReplicasUnavailable']);
  });

  const cases = [
    {
      name: 'a threshold of the wrong type',
      vars: `${BASE}alerts:\n  LogErrors: {threshold: many}\n`,
      expected: /project-vars\.yml\.j2:4: alerts\.LogErrors\.threshold: must be number, not "many"/,
    },
    {
      name: 'a threshold on LogFatal, which has none',
      vars: `${BASE}alerts:\n  LogFatal: {threshold: 2}\n`,
      expected: /project-vars\.yml\.j2:4: alerts\.LogFatal\.threshold: unknown key "threshold"/,
    },
    {
      name: 'a misspelt log alert',
      vars: `${BASE}alerts:\n  LogError: false\n`,
      expected: /project-vars\.yml\.j2:4: alerts\.LogError: unknown key "LogError"; did you mean "LogErrors"\?/,
    },
    {
      name: 'a log alert on a project without a deployment',
      vars: 'cronjobs:\n  - schedule: "0 2 * * *"\n    image: x\nalerts:\n  LogErrors: {threshold: 3}\n',
      expected: /project-vars\.yml\.j2:5: alerts\.LogErrors: alert LogErrors does not apply to project api in environment (dev|prod) .*; remove the override/,
    },
  ];
  it.each(cases)('$name is a validate error with file and line', async ({ vars, expected }) => {
    const root = makeRepo('basic', { [API]: vars });
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
  });
});
