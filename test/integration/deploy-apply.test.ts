/**
 * `apply` against the real API server of the test environment: create, update,
 * no-op and prune, with a namespace per test.
 */
import { describe, expect, it } from 'vitest';
import { deployRepo, deployTo, SECRET_VALUE, testCluster } from './helpers/deploy-repo.js';
import { testNamespace } from './helpers/kube.js';

describe('apply (real API server)', () => {
  it('creates, then is a no-op, then updates, then prunes what is no longer rendered', async () => {
    const namespace = await testNamespace('apply');
    const root = deployRepo(namespace);
    const first = await deployTo(root);
    const web = first.results.find((r) => r.project === 'web');
    expect(web?.failed).toEqual([]);
    expect(web?.created).toEqual([
      `ConfigMap/${namespace}/web-grafana-dashboard`,
      `ConfigMap/${namespace}/web-settings`,
      `Secret/${namespace}/web`,
      `Deployment/${namespace}/web`,
      `Service/${namespace}/web`,
      `Route/${namespace}/web`,
      `ServiceMonitor/${namespace}/web`,
      `PrometheusRule/${namespace}/web`,
    ]);
    const cluster = testCluster();
    const secret = await cluster.get({ apiVersion: 'v1', kind: 'Secret', name: 'web', namespace });
    expect(Buffer.from(String((secret?.data as Record<string, string>).WEB_TOKEN), 'base64').toString()).toBe(SECRET_VALUE);

    const second = await deployTo(root);
    expect(second.results.map((r) => [r.project, r.noop])).toEqual([
      ['web', true],
      ['worker', true],
    ]);

    const changed = deployRepo(namespace, {
      'projects/web/project-vars.yml.j2':
        'secret:\n  - TOKEN: $WEB_TOKEN\ndeployment:\n  image: example.com/web:v2\n  variables:\n    - GREETING\nservices:\n  - port: 8000\n    metrics: true\n',
    });
    // A dry run names what the real run prunes, and deletes nothing.
    const dry = await deployTo(changed, { dryRun: true });
    expect(dry.results.find((r) => r.project === 'web')?.pruned.sort()).toEqual([`ConfigMap/${namespace}/web-settings`, `Route/${namespace}/web`]);
    expect(await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-settings', namespace })).toBeDefined();
    const third = await deployTo(changed);
    const web3 = third.results.find((r) => r.project === 'web');
    expect(web3?.failed).toEqual([]);
    expect(web3?.configured).toContain(`Deployment/${namespace}/web`);
    expect(web3?.pruned.sort()).toEqual([`ConfigMap/${namespace}/web-settings`, `Route/${namespace}/web`]);
    expect(await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-settings', namespace })).toBeUndefined();
    const deployment = await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace });
    expect(JSON.stringify(deployment)).toContain('example.com/web:v2');
  });

  it('repairs drift: an object deleted behind our back is recreated', async () => {
    const namespace = await testNamespace('drift');
    const root = deployRepo(namespace);
    await deployTo(root);
    const cluster = testCluster();
    await cluster.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-settings', namespace });
    const result = await deployTo(root);
    const web = result.results.find((r) => r.project === 'web');
    expect(web?.noop).toBe(false);
    expect(web?.reason).toContain('drift');
    expect(web?.created).toEqual([`ConfigMap/${namespace}/web-settings`]);
  });

  it('--dry-run reports what would be created and stores nothing', async () => {
    const namespace = await testNamespace('dryrun');
    const result = await deployTo(deployRepo(namespace), { dryRun: true });
    expect(result.results.find((r) => r.project === 'worker')?.created).toEqual([
      `ConfigMap/${namespace}/worker-grafana-dashboard`,
      `Deployment/${namespace}/worker`,
      `PrometheusRule/${namespace}/worker`,
    ]);
    const cluster = testCluster();
    expect(await cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace })).toBeUndefined();
    expect(await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'deployment-all.worker', namespace })).toBeUndefined();
  });
});
