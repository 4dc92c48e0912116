/**
 * `alerts:` in project vars: the defaults a project gets by what it is, the overrides
 * (threshold, for, severity, off, per environment), and every mistake in them as a
 * `validate` error with file, line and what to write.
 */
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../src/monitoring/alert-rules.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const API = 'projects/api/project-vars.yml.j2';
const BASE =
  'deployment:\n  image: example.com/api\n  storage: 1Gi\n  volumes:\n    - {pvc: $PROJECT_NAME, mountPath: /data}\nservices:\n  - port: 8000\n    metrics: true\n';

function rules(vars: string, target = 'prod/api'): AlertRule[] {
  const root = makeRepo('basic', { [API]: vars });
  return renderRepository({ root, targets: [target] }).rendered[0]?.rules.rules ?? [];
}

const byName = (list: AlertRule[], name: string) => list.find((r) => r.alert === name);

describe('default alerts by what the project is', () => {
  it('a deployment with metrics and a claim gets target, pod, rollout and volume alerts', () => {
    expect(rules(BASE).map((r) => r.alert)).toEqual(['TargetDown', 'PodCrashLooping', 'PodNotReady', 'DeploymentReplicasUnavailable', 'VolumeFillingUp']);
  });

  it('RABBITMQ_HOST makes it a consumer: broker and retry-round alerts', () => {
    const vars = BASE.replace('  storage: 1Gi\n', '  storage: 1Gi\n  variables:\n    - RABBITMQ_HOST: rabbit\n');
    expect(rules(vars).map((r) => r.alert)).toEqual(expect.arrayContaining(['BrokerDisconnected', 'ConsumerRetryRounds']));
  });

  it('a deployment without metrics gets no scrape alert', () => {
    expect(rules('deployment:\n  image: x\n').map((r) => r.alert)).toEqual(['PodCrashLooping', 'PodNotReady', 'DeploymentReplicasUnavailable']);
  });
});

describe('overrides', () => {
  it('threshold, for and severity change the rule; false and enabled: false turn it off', () => {
    const list = rules(
      `${BASE}alerts:\n  VolumeFillingUp: {threshold: 0.25, for: 1h, severity: critical}\n  PodNotReady: false\n  PodCrashLooping: {enabled: false}\n`,
    );
    const volume = byName(list, 'VolumeFillingUp');
    expect(volume?.expr).toMatch(/ < 0\.25$/);
    expect(volume?.for).toBe('1h');
    expect(volume?.labels.severity).toBe('critical');
    expect(byName(list, 'PodNotReady')).toBeUndefined();
    expect(byName(list, 'PodCrashLooping')).toBeUndefined();
    expect(byName(list, 'TargetDown')?.for).toBe('5m');
  });

  it('an environment overrides the alerts for itself only', () => {
    const vars = `${BASE}environments:\n  dev:\n    alerts:\n      TargetDown: {severity: info}\n`;
    expect(byName(rules(vars, 'dev/api'), 'TargetDown')?.labels.severity).toBe('info');
    expect(byName(rules(vars, 'prod/api'), 'TargetDown')?.labels.severity).toBe('critical');
  });

  it('the cron-job threshold scales the schedule: 2 x a day', () => {
    const list = rules('cronjobs:\n  - schedule: "0 2 * * *"\n    image: x\nalerts:\n  CronJobNoRecentSuccess: {threshold: 2}\n');
    expect(byName(list, 'CronJobNoRecentSuccess')?.expr).toMatch(/ > 172800$/);
  });
});

describe('mistakes in alerts: are validate errors with file, line and the fix', () => {
  async function validate(alerts: string): Promise<{ code: number; stderr: string }> {
    const root = makeRepo('basic', { [API]: `${BASE}alerts:\n${alerts}` });
    return runCli(['--root', root, 'validate']);
  }
  // BASE has 8 lines, `alerts:` is line 9, the first override line 10.
  const cases = [
    {
      name: 'an alert that does not exist',
      alerts: '  TargetDwn: false\n',
      expected: /project-vars\.yml\.j2:10: alerts\.TargetDwn: unknown key "TargetDwn"; did you mean "TargetDown"\?/,
    },
    {
      name: 'a threshold of the wrong type',
      alerts: '  VolumeFillingUp: {threshold: high}\n',
      expected: /project-vars\.yml\.j2:10: alerts\.VolumeFillingUp\.threshold: must be number, not "high"/,
    },
    {
      name: 'a threshold on an alert that has none',
      alerts: '  TargetDown: {threshold: 3}\n',
      expected: /project-vars\.yml\.j2:10: alerts\.TargetDown\.threshold: unknown key "threshold" Allowed keys: enabled, for, severity/,
    },
    {
      name: 'a bad duration',
      alerts: '  TargetDown: {for: 5 minutes}\n',
      expected: /project-vars\.yml\.j2:10: alerts\.TargetDown\.for: "5 minutes" does not match/,
    },
    {
      name: 'an unknown severity',
      alerts: '  TargetDown: {severity: page}\n',
      expected: /project-vars\.yml\.j2:10: alerts\.TargetDown\.severity: must be "info" or "warning" or "critical"/,
    },
    {
      name: 'an alert the project does not get',
      alerts: '  CronJobFailed: {severity: critical}\n',
      expected:
        /project-vars\.yml\.j2:10: alerts\.CronJobFailed: alert CronJobFailed does not apply to project api in environment (dev|prod) .*; remove the override/,
    },
  ];
  it.each(cases)('$name', async ({ alerts, expected }) => {
    const result = await validate(alerts);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
  });
});
