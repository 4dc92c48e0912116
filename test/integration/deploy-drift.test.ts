/**
 * Drift repaired by a plain apply, through the CLI against the real API server:
 * every kind of field we declare, changed by another field manager, is seen by the
 * no-op check (by value, whoever wrote it) and restored; an unchanged project stays
 * a no-op. Secret values never appear in what is printed.
 */
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../src/lib/is-record.js';
import { deployRepo, runDeployCli, SECRET_VALUE, testCluster } from './helpers/deploy-repo.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

const WEB = [
  'secret:',
  '  - TOKEN: $WEB_TOKEN',
  'deployment:',
  '  image: example.com/web',
  '  variables:',
  '    - GREETING',
  'configmaps:',
  '  $PROJECT_NAME-settings: {mode: normal}',
  'services:',
  '  - port: 8080',
  '  - port: 8000',
  '    metrics: true',
  'annotations:',
  '  team: cki',
  '',
].join('\n');
const INTRUDER = 'intruder-token-value';

/** A value inside a live object, by path (list elements by their `name` or `port`). */
async function liveValue(
  kind: string,
  apiVersion: string,
  name: string,
  namespace: string,
  path: (string | { name?: string; port?: number })[],
): Promise<unknown> {
  let value: unknown = await testCluster().get({ apiVersion, kind, name, namespace });
  for (const step of path) {
    if (typeof step === 'string') value = isRecord(value) ? value[step] : undefined;
    else
      value = Array.isArray(value)
        ? value.find((e: Record<string, unknown>) => (step.name !== undefined ? e.name === step.name : e.port === step.port))
        : undefined;
  }
  return value;
}

const MERGE = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const STRATEGIC = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);
const b64 = (text: string) => Buffer.from(text).toString('base64');

interface Case {
  what: string;
  project: string;
  /** The object changed, as the apply names it (namespace left out). */
  object: string;
  /** The manager the apply takes the field back from (a conflict that is drift); none when there is no conflict. */
  reclaimedFrom?: string;
  /** Another manager changes the field. */
  change: (namespace: string) => Promise<unknown>;
  /** The value we declared, read back live. */
  read: (namespace: string) => Promise<unknown>;
  declared: unknown;
}

const cases: Case[] = [
  {
    what: "a Deployment's replicas (kubectl scale)",
    object: 'Deployment/worker',
    reclaimedFrom: 'kubectl-scale',
    project: 'worker',
    change: (namespace) =>
      kubeClients().apps.patchNamespacedDeployment({ name: 'worker', namespace, body: { spec: { replicas: 2 } }, fieldManager: 'kubectl-scale' }, MERGE),
    read: (namespace) => liveValue('Deployment', 'apps/v1', 'worker', namespace, ['spec', 'replicas']),
    declared: 0,
  },
  {
    what: "a container's environment value (kubectl set env)",
    object: 'Deployment/web',
    reclaimedFrom: 'kubectl-set',
    project: 'web',
    change: (namespace) =>
      kubeClients().apps.patchNamespacedDeployment(
        {
          name: 'web',
          namespace,
          body: { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'GREETING', value: 'bye' }] }] } } } },
          fieldManager: 'kubectl-set',
        },
        STRATEGIC,
      ),
    read: async (namespace) =>
      (
        (await liveValue('Deployment', 'apps/v1', 'web', namespace, [
          'spec',
          'template',
          'spec',
          'containers',
          { name: 'web' },
          'env',
          { name: 'GREETING' },
        ])) as { value?: string }
      ).value,
    declared: 'hello',
  },
  {
    what: 'a ConfigMap data key (kubectl edit)',
    object: 'ConfigMap/web-settings',
    reclaimedFrom: 'kubectl-edit',
    project: 'web',
    change: (namespace) =>
      kubeClients().core.patchNamespacedConfigMap({ name: 'web-settings', namespace, body: { data: { mode: 'hacked' } }, fieldManager: 'kubectl-edit' }, MERGE),
    read: (namespace) => liveValue('ConfigMap', 'v1', 'web-settings', namespace, ['data', 'mode']),
    declared: 'normal',
  },
  {
    what: 'a Secret data value (kubectl edit)',
    object: 'Secret/web',
    project: 'web',
    change: (namespace) =>
      kubeClients().core.patchNamespacedSecret({ name: 'web', namespace, body: { data: { WEB_TOKEN: b64(INTRUDER) } }, fieldManager: 'kubectl-edit' }, MERGE),
    read: (namespace) => liveValue('Secret', 'v1', 'web', namespace, ['data', 'WEB_TOKEN']),
    declared: b64(SECRET_VALUE),
  },
  {
    what: 'a Secret data value (server-side apply by another manager)',
    object: 'Secret/web',
    project: 'web',
    change: (namespace) =>
      kubeClients().objects.patch(
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web', namespace }, data: { WEB_TOKEN: b64(INTRUDER) } },
        undefined,
        undefined,
        'other-team',
        true,
        k8s.PatchStrategy.ServerSideApply,
      ),
    read: (namespace) => liveValue('Secret', 'v1', 'web', namespace, ['data', 'WEB_TOKEN']),
    declared: b64(SECRET_VALUE),
  },
  {
    what: 'a label (kubectl label --overwrite)',
    object: 'ConfigMap/web-settings',
    reclaimedFrom: 'kubectl-label',
    project: 'web',
    change: (namespace) =>
      kubeClients().core.patchNamespacedConfigMap(
        { name: 'web-settings', namespace, body: { metadata: { labels: { 'app.kubernetes.io/instance': 'other' } } }, fieldManager: 'kubectl-label' },
        MERGE,
      ),
    read: (namespace) => liveValue('ConfigMap', 'v1', 'web-settings', namespace, ['metadata', 'labels', 'app.kubernetes.io/instance']),
    declared: 'web',
  },
  {
    what: 'an annotation (kubectl annotate --overwrite)',
    object: 'Service/web',
    reclaimedFrom: 'kubectl-annotate',
    project: 'web',
    change: (namespace) =>
      kubeClients().core.patchNamespacedService(
        { name: 'web', namespace, body: { metadata: { annotations: { team: 'other' } } }, fieldManager: 'kubectl-annotate' },
        MERGE,
      ),
    read: (namespace) => liveValue('Service', 'v1', 'web', namespace, ['metadata', 'annotations', 'team']),
    declared: 'cki',
  },
  {
    what: 'a Service port (kubectl edit)',
    object: 'Service/web',
    reclaimedFrom: 'kubectl-edit',
    project: 'web',
    change: (namespace) =>
      kubeClients().core.patchNamespacedService(
        { name: 'web', namespace, body: { spec: { ports: [{ port: 8080, targetPort: 9090 }] } }, fieldManager: 'kubectl-edit' },
        STRATEGIC,
      ),
    read: async (namespace) => ((await liveValue('Service', 'v1', 'web', namespace, ['spec', 'ports', { port: 8080 }])) as { targetPort?: unknown }).targetPort,
    declared: 'http',
  },
];

describe('drift repaired by a plain apply (real API server)', () => {
  it('restores every kind of declared field another manager changed, and says so; an unchanged project stays a no-op', async () => {
    const namespace = await testNamespace('drift');
    const root = deployRepo(namespace, { 'projects/web/project-vars.yml.j2': WEB });
    expect((await runDeployCli(root, ['apply'], [INTRUDER])).code).toBe(0);
    const clean = await runDeployCli(root, ['apply'], [INTRUDER]);
    expect(clean.stdout).toBe('it/web: unchanged (no-op)\nit/worker: unchanged (no-op)\n');

    for (const c of cases) {
      await c.change(namespace);
      expect(await c.read(namespace), c.what).not.toEqual(c.declared);
      const diff = await runDeployCli(root, ['diff'], [INTRUDER]);
      expect(diff.code, `${c.what}: diff\n${diff.stdout}${diff.stderr}`).toBe(1);

      const apply = await runDeployCli(root, ['apply'], [INTRUDER]);
      expect(apply.code, `${c.what}: apply\n${apply.stdout}${apply.stderr}`).toBe(0);
      expect(apply.stdout, c.what).not.toContain(`it/${c.project}: unchanged (no-op)`);
      const [kind, name] = c.object.split('/') as [string, string];
      expect(apply.stdout, c.what).toContain(`configured ${kind}/${namespace}/${name}\n`);
      if (c.reclaimedFrom)
        expect(apply.stdout, c.what).toMatch(new RegExp(`^  reclaimed  ${kind}/${namespace}/${name}: \\S+ \\(changed by "${c.reclaimedFrom}"\\)$`, 'm'));
      else expect(apply.stdout, c.what).not.toContain('reclaimed');
      expect(await c.read(namespace), c.what).toEqual(c.declared);

      const after = await runDeployCli(root, ['apply'], [INTRUDER]);
      expect(after.stdout, `${c.what}: the apply after the repair`).toBe('it/web: unchanged (no-op)\nit/worker: unchanged (no-op)\n');
      expect((await runDeployCli(root, ['diff'], [INTRUDER])).code, `${c.what}: diff after the repair`).toBe(0);
    }
  });

  it('still reports a field another manager claimed by server-side apply as a conflict, never as unchanged', async () => {
    const namespace = await testNamespace('driftssa');
    const root = deployRepo(namespace, { 'projects/web/project-vars.yml.j2': WEB });
    expect((await runDeployCli(root, ['apply'], [INTRUDER])).code).toBe(0);
    await kubeClients().objects.patch(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-settings', namespace }, data: { mode: 'theirs' } },
      undefined,
      undefined,
      'other-team',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    const apply = await runDeployCli(root, ['apply'], [INTRUDER]);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(`ConfigMap/${namespace}/web-settings: field conflict with another manager: .data.mode (owned by "other-team")`);
    const forced = await runDeployCli(root, ['apply', '--force-conflicts'], [INTRUDER]);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(await liveValue('ConfigMap', 'v1', 'web-settings', namespace, ['data', 'mode'])).toBe('normal');
  });
});
