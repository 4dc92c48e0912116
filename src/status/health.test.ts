import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { healthOf } from './health.js';

const labels = { 'deployment-all.io/project': 'cleaner' };
const cronJob: K8sObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cleaner', namespace: 'cki', uid: 'u1', labels }, spec: {} };
const run = (name: string, created: string, condition: 'Complete' | 'Failed' | undefined): K8sObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'cki', creationTimestamp: created, ownerReferences: [{ kind: 'CronJob', uid: 'u1', name: 'cleaner' }] },
  status: condition
    ? { conditions: [{ type: condition, status: 'True', reason: condition === 'Failed' ? 'BackoffLimitExceeded' : undefined }] }
    : { active: 1 },
});

describe('healthOf', () => {
  it("judges a CronJob by its newest run: the older success does not hide today's failure", () => {
    const health = healthOf('cleaner', [cronJob], [run('a', '2026-11-24T03:17:00Z', 'Complete'), run('b', '2026-11-25T03:17:00Z', 'Failed')]);
    expect(health).toEqual({
      status: 'unhealthy',
      workloads: [{ ref: 'CronJob/cki/cleaner', ok: false, progress: 'last run 2026-11-25T03:17:00Z: job failed: BackoffLimitExceeded' }],
    });
  });

  it('a CronJob never run, or running now, is fine; a Job of another CronJob is not its run', () => {
    expect(
      healthOf(
        'cleaner',
        [cronJob],
        [{ ...run('x', '2026-11-25T00:00:00Z', 'Failed'), metadata: { name: 'x', ownerReferences: [{ kind: 'CronJob', uid: 'other' }] } }],
      ).workloads,
    ).toEqual([{ ref: 'CronJob/cki/cleaner', ok: true, progress: 'never run' }]);
    expect(healthOf('cleaner', [cronJob], [run('c', '2026-11-26T03:17:00Z', undefined)]).status).toBe('healthy');
  });

  it("a Deployment short of ready replicas is unhealthy; other projects' workloads are not looked at", () => {
    const deployment = (project: string, ready: number): K8sObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: project, namespace: 'cki', generation: 1, labels: { 'deployment-all.io/project': project } },
      spec: { replicas: 2 },
      status: { observedGeneration: 1, replicas: 2, readyReplicas: ready, updatedReplicas: 2, availableReplicas: ready },
    });
    expect(healthOf('web', [deployment('web', 1), deployment('api', 0)], [])).toEqual({
      status: 'unhealthy',
      workloads: [{ ref: 'Deployment/cki/web', ok: false, progress: '1/2 ready, 2 updated' }],
    });
    expect(healthOf('web', [deployment('web', 2)], []).status).toBe('healthy');
  });
});
