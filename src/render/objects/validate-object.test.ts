import { describe, expect, it } from 'vitest';
import { validateObject } from './validate-object.js';

const deployment = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'cki', labels: { app: 'x' } },
  spec: {
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'i' }] } },
  },
  ...extra,
});

describe('validateObject', () => {
  it('accepts a complete Deployment', () => {
    expect(validateObject(deployment('web'))).toEqual([]);
  });

  it('names the object and the problem for an invalid name', () => {
    expect(validateObject(deployment('Web_Server'))).toEqual([expect.stringMatching(/^Deployment\/cki\/Web_Server: metadata.name .*lowercase/)]);
    expect(validateObject(deployment('a'.repeat(254)))[0]).toContain('at most 253');
  });

  it('rejects unknown kinds and wrong apiVersions', () => {
    expect(validateObject({ apiVersion: 'v1', kind: 'Deploymnet', metadata: { name: 'x' } })[0]).toContain('unknown kind "Deploymnet"');
    expect(validateObject({ ...deployment('x'), apiVersion: 'extensions/v1beta1' })[0]).toContain('apiVersion "extensions/v1beta1" is not one of apps/v1');
  });

  it('requires fields and matching selectors', () => {
    const broken = deployment('x');
    broken.spec.template.spec.containers = [];
    broken.spec.selector.matchLabels = { app: 'y' };
    const problems = validateObject(broken);
    expect(problems).toContain('Deployment/cki/x: spec.template.spec.containers is required (a non-empty list)');
    expect(problems).toContain("Deployment/cki/x: spec.selector.matchLabels.app does not match the pod template's labels");
  });

  it('limits CronJob names to 52 characters and checks label values', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c'.repeat(53), labels: { bad: 'has space' } },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } },
    };
    const problems = validateObject(cron);
    expect(problems.some((p) => p.includes('at most 52'))).toBe(true);
    expect(problems.some((p) => p.includes('metadata.labels.bad'))).toBe(true);
  });

  it('rejects a document that is not a mapping', () => {
    expect(validateObject(['a'])[0]).toContain('must be a mapping');
  });
});
