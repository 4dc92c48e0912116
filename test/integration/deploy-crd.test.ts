/** CustomResourceDefinitions go first and are waited for until Established; cluster-scoped objects work. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { deployRepo, deployTo, testCluster } from './helpers/deploy-repo.js';
import { testNamespace } from './helpers/kube.js';

function crd(group: string): string {
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    `metadata: {name: widgets.${group}}`,
    'spec:',
    `  group: ${group}`,
    '  scope: Namespaced',
    '  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}',
    '',
  ].join('\n');
}

describe('CRDs (real API server)', () => {
  it('applies a CRD first, waits until it is Established, and records it', async () => {
    const namespace = await testNamespace('crd');
    const group = `${namespace}.example.com`;
    const cluster = testCluster();
    onTestFinished(async () => {
      await cluster.delete({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `widgets.${group}` });
    });
    const result = await deployTo(deployRepo(namespace, { 'projects/worker/crd.yml.j2': crd(group) }), { targets: ['worker'] });
    const worker = result.results[0];
    expect(worker?.failed).toEqual([]);
    expect(worker?.created).toEqual([
      `CustomResourceDefinition/widgets.${group}`,
      `ConfigMap/${namespace}/worker-grafana-dashboard`,
      `Deployment/${namespace}/worker`,
      `PrometheusRule/${namespace}/worker`,
    ]);
    const live = await cluster.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `widgets.${group}` });
    const conditions = (live?.status as { conditions: { type: string; status: string }[] }).conditions;
    expect(conditions).toContainEqual(expect.objectContaining({ type: 'Established', status: 'True' }));
    const again = await deployTo(deployRepo(namespace, { 'projects/worker/crd.yml.j2': crd(group) }), { targets: ['worker'] });
    expect(again.results[0]?.reason).toBe('unchanged');
    expect(again.results[0]?.noop).toBe(true);
  });
});
