/** `apply --wait` against KWOK-run pods: rollout success, and a timeout that says why. */
import { describe, expect, it } from 'vitest';
import { deployRepo, deployTo } from './helpers/deploy-repo.js';
import { testNamespace } from './helpers/kube.js';

describe('apply --wait (real API server, KWOK nodes)', () => {
  it('waits until both replicas are ready, printing progress', async () => {
    const namespace = await testNamespace('wait');
    const lines: string[] = [];
    const root = deployRepo(namespace, { 'projects/worker/project-vars.yml.j2': 'deployment:\n  image: example.com/worker\n  replicas: 2\n' });
    const result = await deployTo(root, { targets: ['worker'], waitTimeoutMs: 90_000, onProgress: (line) => lines.push(line) });
    expect(result.results[0]?.failed).toEqual([]);
    expect(lines.at(-1)).toBe(`waiting for Deployment/${namespace}/worker: 2/2 ready, 2 updated`);
  });

  it("times out naming the object, its conditions and its pods' events", async () => {
    const namespace = await testNamespace('waitfail');
    const root = deployRepo(namespace, {
      'projects/worker/project-vars.yml.j2': 'deployment:\n  image: example.com/worker\n',
      'projects/worker/stuck.yml.j2': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: stuck}',
        'spec:',
        '  selector: {matchLabels: {app: stuck}}',
        '  template:',
        '    metadata: {labels: {app: stuck}}',
        '    spec:',
        '      nodeSelector: {no-such-node: "true"}',
        '      containers: [{name: stuck, image: example.com/stuck}]',
        '',
      ].join('\n'),
    });
    const result = await deployTo(root, { targets: ['worker'], waitTimeoutMs: 8_000 });
    const failure = result.results[0]?.failed.find((f) => f.ref === `Deployment/${namespace}/stuck`);
    expect(failure?.message).toMatch(new RegExp(`^Deployment/${namespace}/stuck: not ready after 8 s \\(0/1 ready`));
    expect(failure?.message).toContain('FailedScheduling');
  });
});
