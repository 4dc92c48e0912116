/**
 * `status` against the test control plane: the bundled repository deployed to three
 * environments with exactly three problems made on purpose (see status-scene.ts), and
 * `status --format json` reports those three and nothing else; then the faults: an
 * environment whose cluster is unreachable, an inventory ConfigMap that is corrupt.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusCell, StatusReport } from '../../src/status/report.js';
import { runCli } from '../helpers/run-cli.js';
import { testEnv } from './helpers/env.js';
import { apiStatus, kubeClients } from './helpers/kube.js';
import { deployStatusScene, ENVIRONMENTS, JOB_B, PIPELINE_A, PIPELINE_B, type StatusScene } from './helpers/status-scene.js';

const problemsOf = (report: StatusReport) =>
  Object.fromEntries(report.cells.filter((c) => c.problems.length > 0).map((c) => [`${c.environment}/${c.project}`, c.problems]));
const cell = (report: StatusReport, key: string): StatusCell => {
  const found = report.cells.find((c) => `${c.environment}/${c.project}` === key);
  if (!found) throw new Error(`no cell ${key}`);
  return found;
};

/** Runs `run` with $KUBECONFIG pointing at a file holding `config` (the CLI reads the kubeconfig from there). */
async function withKubeconfig<T>(config: k8s.KubeConfig, run: () => Promise<T>): Promise<T> {
  const file = join(mkdtempSync(join(tmpdir(), 'status-kubeconfig-')), 'config');
  writeFileSync(file, config.exportConfig(), { mode: 0o600 });
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = file;
  try {
    return await run();
  } finally {
    process.env.KUBECONFIG = saved;
  }
}

describe('status on the test cluster', () => {
  let scene: StatusScene;
  beforeAll(async () => {
    scene = await deployStatusScene();
  }, 600_000);
  afterAll(async () => {
    await scene?.cleanup();
  });

  it('reports exactly the drifted, the unhealthy and the behind project-environment', async () => {
    const result = await scene.status();
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StatusReport;
    expect(report.environments.map((e) => e.name)).toEqual([...ENVIRONMENTS]);
    expect(report.environments.every((e) => e.error === undefined)).toBe(true);
    expect(report.head).toBe(scene.commits.head);
    expect(problemsOf(report)).toEqual({
      'testing/pod-watcher': ['drifted'],
      'staging/micro-service': ['behind'],
      'production/webhook-receiver': ['unhealthy'],
    });
    // What each problem says.
    expect(cell(report, 'testing/pod-watcher').drift?.objects).toEqual([{ ref: `Deployment/${scene.namespaces.testing}/pod-watcher`, why: 'changed' }]);
    const behind = cell(report, 'staging/micro-service');
    expect(behind.behind).toEqual({ status: 'behind', commits: 1 });
    expect(behind.revision).toMatchObject({ commit: scene.commits.older, user: 'alice', pipelineUrl: PIPELINE_A });
    const unhealthy = cell(report, 'production/webhook-receiver');
    expect(unhealthy.health?.workloads).toEqual([
      { ref: `Deployment/${scene.namespaces.production}/webhook-receiver`, ok: false, progress: '0/3 ready, 3 updated' },
    ]);
    // Every other cell: deployed from the head commit, or disabled where the project is.
    for (const c of report.cells) {
      const key = `${c.environment}/${c.project}`;
      const enabled = scene.rendered.get(c.environment)?.includes(c.project) ?? false;
      expect(c.state, key).toBe(enabled ? 'deployed' : 'disabled');
      if (!enabled || key === 'staging/micro-service') continue;
      expect(c.revision, key).toMatchObject({ commit: scene.commits.head, user: 'bob', pipelineUrl: PIPELINE_B, jobUrl: JOB_B });
      expect(c.behind, key).toEqual({ status: 'current', commits: 0 });
    }
    expect(report.projects).toEqual([...new Set([...scene.rendered.values()].flat())].sort());
    expect(report.counts).toMatchObject({ unhealthy: 1, drifted: 1, behind: 1, errors: 0, unreachableEnvironments: 0 });
  });

  it('prints the same as a table, and exits 1 with --fail-on drifted', async () => {
    const table = await scene.status(['--fail-on', 'drifted']);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^pod-watcher +.*drifted #1 /m);
    expect(table.stdout).toMatch(/^micro-service +.*behind 1 #1 /m);
    expect(table.stdout).toMatch(/ 1 unhealthy, 1 drifted, 1 behind, 0 unreadable$/m);
    expect((await scene.status(['--fail-on', 'error'])).code).toBe(0);
  });

  it("suffices with read-only credentials (the built-in ClusterRole view, which reads no Secret): the same three problems, Secrets' drift unchecked", async () => {
    const { core, config } = kubeClients();
    const rbac = config.makeApiClient(k8s.RbacAuthorizationV1Api);
    const namespace = scene.namespaces.testing;
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'status-reader' } } });
    for (const ns of Object.values(scene.namespaces)) {
      await rbac.createNamespacedRoleBinding({
        namespace: ns,
        body: {
          metadata: { name: 'status-reader' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'ServiceAccount', name: 'status-reader', namespace }],
        },
      });
    }
    const token = await core.createNamespacedServiceAccountToken({
      name: 'status-reader',
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const reader = new k8s.KubeConfig();
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error('the test kubeconfig has no current cluster');
    reader.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'status-reader', token: token.status?.token }],
      contexts: [{ name: 'reader', cluster: cluster.name, user: 'status-reader' }],
      currentContext: 'reader',
    });
    const result = await withKubeconfig(reader, () => scene.status());
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StatusReport;
    expect(report.environments.every((e) => e.error === undefined)).toBe(true);
    expect(problemsOf(report)).toEqual({
      'testing/pod-watcher': ['drifted'],
      'staging/micro-service': ['behind'],
      'production/webhook-receiver': ['unhealthy'],
    });
    expect(cell(report, 'testing/micro-service').drift?.unchecked).toContain('Secret');
  });

  it("the bundled status-page's own ServiceAccount suffices, and may not write: a token of it as the only credentials reads the three environments, every kind but Secrets", async () => {
    const { core, config } = kubeClients();
    const namespace = scene.namespaces.production;
    // What the pod gets: a token of its ServiceAccount (TokenRequest API), and nothing else.
    const token = await core.createNamespacedServiceAccountToken({
      name: 'status-page',
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const cluster = config.getCurrentCluster();
    if (!cluster || !token.status?.token) throw new Error('no current cluster, or no token issued');
    const pod = new k8s.KubeConfig();
    pod.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'status-page', token: token.status.token }],
      contexts: [{ name: 'status-page', cluster: cluster.name, user: 'status-page' }],
      currentContext: 'status-page',
    });
    const result = await withKubeconfig(pod, () => scene.status());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(token.status.token);
    const report = JSON.parse(result.stdout) as StatusReport;
    expect(report.environments.map((e) => [e.name, e.error])).toEqual(ENVIRONMENTS.map((e) => [e, undefined]));
    expect(problemsOf(report)).toEqual({
      'testing/pod-watcher': ['drifted'],
      'staging/micro-service': ['behind'],
      'production/webhook-receiver': ['unhealthy'],
    });
    // Its ClusterRole lists every kind the projects render (RBAC, ServiceMonitors, its own
    // ClusterRole included): only Secrets are left unchecked.
    const unchecked = new Set(report.cells.flatMap((c) => c.drift?.unchecked ?? []));
    expect([...unchecked]).toEqual(['Secret']);
    expect(cell(report, 'production/status-page').drift?.status).toBe('in-sync');

    // Writes are refused: an object created, a field of ours changed, a Secret read.
    const refused = (call: Promise<unknown>) =>
      expect(
        call.then(
          () => 'allowed',
          (error: unknown) => apiStatus(error),
        ),
      ).resolves.toBe(403);
    await refused(pod.makeApiClient(k8s.CoreV1Api).createNamespacedConfigMap({ namespace, body: { metadata: { name: 'written-by-status-page' } } }));
    await refused(
      pod
        .makeApiClient(k8s.AppsV1Api)
        .patchNamespacedDeployment(
          { name: 'micro-service', namespace, body: { spec: { replicas: 0 } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        ),
    );
    await refused(pod.makeApiClient(k8s.CoreV1Api).readNamespacedSecret({ name: 'micro-service', namespace }));
    // And through deployment-all: applying the project that is behind stops at the first write.
    const apply = await withKubeconfig(pod, () => runCli(['--root', scene.root, 'apply', 'staging/micro-service', '--secrets-file', scene.secrets.file]));
    expect(apply.code).toBe(1);
    expect(apply.stdout + apply.stderr).toMatch(/forbidden/i);
    const staging = await kubeClients().apps.readNamespacedDeployment({ name: 'micro-service', namespace: scene.namespaces.staging });
    expect(staging.spec?.template.spec?.containers[0]?.env).toContainEqual({ name: 'RABBITMQ_USER', value: 'cki.consumer' });
  });

  it('an unreachable cluster is an error of its column, a corrupt inventory of its cell; the rest renders', async () => {
    const corrupted = 'deployment-all.log-archiver';
    await kubeClients().core.patchNamespacedConfigMap(
      { name: corrupted, namespace: scene.namespaces.production, body: { data: { revisions: '[{"number": 1, "hash": ' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    // A kubeconfig whose context for staging's cluster names a port where nothing listens.
    const config = new k8s.KubeConfig();
    config.loadFromFile(testEnv().KUBECONFIG);
    config.addCluster({ name: 'nowhere', server: 'https://127.0.0.1:1', skipTLSVerify: true });
    config.addContext({ name: 'cki-staging', cluster: 'nowhere', user: config.getCurrentUser()?.name ?? '' });
    const result = await withKubeconfig(config, () => scene.status());
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StatusReport;
    const staging = report.environments.find((e) => e.name === 'staging');
    expect(staging?.error).toMatch(/^cannot read the cluster cki-staging \(https:\/\/api\.staging\.cki\.example\.com:6443\): .*ECONNREFUSED/);
    expect(report.cells.filter((c) => c.environment === 'staging').every((c) => c.state === 'unreachable')).toBe(true);
    const broken = cell(report, 'production/log-archiver');
    expect(broken.state).toBe('error');
    expect(broken.error).toMatch(new RegExp(`^ConfigMap/${scene.namespaces.production}/${corrupted}: data\\.revisions: not JSON`));
    // The deploy itself stops at such an inventory with the same message (it used to be a bare JSON SyntaxError).
    const diff = await runCli(['--root', scene.root, 'diff', 'production', '--secrets-file', scene.secrets.file]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain(`ConfigMap/${scene.namespaces.production}/${corrupted}: data.revisions: not JSON`);
    expect(problemsOf(report)).toEqual({
      'testing/pod-watcher': ['drifted'],
      'production/log-archiver': ['error'],
      'production/webhook-receiver': ['unhealthy'],
    });
  });
});
