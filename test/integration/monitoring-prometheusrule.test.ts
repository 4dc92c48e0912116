/**
 * The rendered PrometheusRule objects against the real API server, with the
 * prometheus-operator CRD of scripts/test-env.d/manifests: every bundled project's
 * rules are accepted as rendered (nothing pruned by the CRD's schema), and `apply`
 * deploys them with the project.
 */
import { describe, expect, it } from 'vitest';
import { renderRepository } from '../../src/render/render-repository.js';
import type { K8sObject } from '../../src/render/objects/k8s-object.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { deployRepo, deployTo, testCluster } from './helpers/deploy-repo.js';
import { apiStatus, kubeClients, testNamespace } from './helpers/kube.js';

describe('PrometheusRule objects (real API server)', () => {
  it("accepts every bundled project's rules as rendered, and reads them back unchanged", async () => {
    const namespace = await testNamespace('promrule');
    const { objects } = kubeClients();
    const rules = renderRepository({ root: REPOSITORY_ROOT, targets: ['production'] })
      .rendered.flatMap((r) => r.objects)
      .filter((o) => o.kind === 'PrometheusRule');
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const inNamespace: K8sObject = { ...rule, metadata: { ...rule.metadata, namespace } };
      await objects.create(inNamespace);
      const stored = (await objects.read({ apiVersion: rule.apiVersion, kind: rule.kind, metadata: { name: rule.metadata.name, namespace } })) as K8sObject;
      expect(stored.spec, `PrometheusRule/${rule.metadata.name}`).toEqual(rule.spec);
    }
  });

  it('rejects a rule without an expression, so the CRD really validates', async () => {
    const namespace = await testNamespace('promrule-bad');
    const { objects } = kubeClients();
    const broken = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'broken', namespace },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'NoExpr', for: '5 minutes' }] }] },
    };
    const error: unknown = await objects.create(broken).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(apiStatus(error)).toBe(422);
  });

  it('apply deploys the rules with the project and updates them when an override changes', async () => {
    const namespace = await testNamespace('promrule-apply');
    const first = await deployTo(deployRepo(namespace), { targets: ['web'] });
    expect(first.results[0]?.created).toContain(`PrometheusRule/${namespace}/web`);
    const cluster = testCluster();
    const read = async () => (await cluster.get({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', name: 'web', namespace })) as K8sObject;
    const target = () =>
      read().then((o) => (o.spec as { groups: { rules: { alert: string; for: string }[] }[] }).groups[0]?.rules.find((r) => r.alert === 'TargetDown'));
    expect((await target())?.for).toBe('5m');
    const vars =
      'secret:\n  - TOKEN: $WEB_TOKEN\ndeployment:\n  image: example.com/web\n  variables:\n    - GREETING\nconfigmaps:\n  $PROJECT_NAME-settings: {mode: normal}\n' +
      'services:\n  - port: 8080\n    route: {cki_project_subdomain: web}\n  - port: 8000\n    metrics: true\nalerts:\n  TargetDown: {for: 15m}\n';
    const second = await deployTo(deployRepo(namespace, { 'projects/web/project-vars.yml.j2': vars }), { targets: ['web'] });
    expect(second.results[0]?.configured).toEqual([`PrometheusRule/${namespace}/web`]);
    expect((await target())?.for).toBe('15m');
  });
});
