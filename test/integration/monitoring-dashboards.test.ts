/**
 * The rendered dashboard ConfigMaps against the real API server: every bundled
 * project's ConfigMap and every environment's overview pass a server-side dry-run
 * apply through the deploy's own cluster client, and `apply` deploys a project's
 * dashboard with it, labelled for Grafana's sidecar.
 */
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/render/objects/k8s-object.js';
import { monitoringTexts } from '../../src/render/monitoring-files.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { deployRepo, deployTo, testCluster } from './helpers/deploy-repo.js';
import { testNamespace } from './helpers/kube.js';

const isDashboard = (o: K8sObject): boolean => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1';

describe('dashboard ConfigMaps (real API server)', () => {
  it('accepts every bundled dashboard ConfigMap and overview in a server-side dry-run apply', async () => {
    const namespace = await testNamespace('dashboards');
    const result = renderRepository({ root: REPOSITORY_ROOT });
    const overviews = [...monitoringTexts(result.rendered, result.inventory)]
      .filter(([path]) => path.endsWith('/overview-configmap.yaml'))
      .map(([, text]) => load(text) as K8sObject);
    const maps = [...result.rendered.flatMap((r) => r.objects).filter(isDashboard), ...overviews];
    expect(overviews.length).toBe(3);
    expect(maps.length).toBeGreaterThan(10);
    const cluster = testCluster();
    for (const map of maps) {
      const inNamespace: K8sObject = { ...map, metadata: { ...map.metadata, namespace } };
      const answered = await cluster.apply(inNamespace, { dryRun: true });
      expect(answered.data, `ConfigMap/${map.metadata.name}`).toEqual(map.data);
      expect(answered.metadata.labels?.grafana_dashboard).toBe('1');
    }
    // A dry run stores nothing.
    expect(await cluster.get({ apiVersion: 'v1', kind: 'ConfigMap', name: maps[0]?.metadata.name as string, namespace })).toBeUndefined();
  });

  it('apply deploys the dashboard ConfigMap with its project', async () => {
    const namespace = await testNamespace('dashboards-apply');
    const result = await deployTo(deployRepo(namespace), { targets: ['web'] });
    expect(result.results[0]?.created).toContain(`ConfigMap/${namespace}/web-grafana-dashboard`);
    const stored = (await testCluster().get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-grafana-dashboard', namespace })) as K8sObject & {
      data: Record<string, string>;
    };
    expect(stored.metadata.labels?.grafana_dashboard).toBe('1');
    const dashboard = JSON.parse(stored.data['it-web.json'] as string) as { title: string; panels: { title: string }[] };
    expect(dashboard.title).toBe('web (it)');
    expect(dashboard.panels.map((p) => p.title)).toContain('Targets up');
  });
});
