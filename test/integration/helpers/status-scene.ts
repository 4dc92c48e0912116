/**
 * The bundled repository deployed to three test namespaces (testing, staging,
 * production) from a git repository of its own, with exactly three problems made on
 * purpose: a Deployment that cannot become ready (production/webhook-receiver asks
 * for 5000 CPUs), drift by hand (testing/pod-watcher scaled by another field manager),
 * and a project deployed from an older commit (staging/micro-service, whose vars
 * changed in the next commit). Shared by the status tests (JSON, faults, browser).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { expect } from 'vitest';
import { renderRepository } from '../../../src/render/render-repository.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';
import { bundledRepoIn, deleteClusterScoped, fakeSecrets } from './bundled-repo.js';
import { testEnv } from './env.js';
import { kubeClients } from './kube.js';
import { uniqueName } from './names.js';
import { waitFor } from './wait-for.js';

export const PIPELINE_A = 'https://gitlab.example.com/cki/deployment-all/-/pipelines/101';
export const PIPELINE_B = 'https://gitlab.example.com/cki/deployment-all/-/pipelines/102';
export const JOB_B = 'https://gitlab.example.com/cki/deployment-all/-/jobs/2002';
export const ENVIRONMENTS = ['testing', 'staging', 'production'] as const;

export interface StatusScene {
  root: string;
  namespaces: Record<(typeof ENVIRONMENTS)[number], string>;
  secrets: { file: string; values: string[] };
  commits: { older: string; head: string };
  /** Projects rendered per environment (enabled there). */
  rendered: Map<string, string[]>;
  /** `status` through the CLI against the test cluster; fails the test if a secret value is printed. */
  status(args?: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Deletes the namespaces (afterAll). */
  cleanup(): Promise<void>;
}

function edit(file: string, from: RegExp | string, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: nothing matched ${String(from)}`);
  writeFileSync(file, next);
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
}

function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, '-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

async function apply(root: string, secretsFile: string, targets: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runCli(['--root', root, 'apply', ...targets, '--secrets-file', secretsFile], { env });
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

/** Every Deployment of the namespaces rolled out, except `except` (environment/name). */
async function rolledOut(namespaces: Record<string, string>, except: string): Promise<true | undefined> {
  const { apps } = kubeClients();
  for (const [environment, namespace] of Object.entries(namespaces)) {
    for (const d of (await apps.listNamespacedDeployment({ namespace })).items) {
      if (`${environment}/${d.metadata?.name ?? ''}` === except) continue;
      const want = d.spec?.replicas ?? 1;
      const ok =
        (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
        (d.status?.readyReplicas ?? 0) >= want &&
        (d.status?.updatedReplicas ?? 0) >= want;
      if (!ok || (d.status?.replicas ?? 0) > want) return undefined;
    }
  }
  return true;
}

async function deployInto(namespaces: StatusScene['namespaces'], cleanup: () => Promise<void>): Promise<StatusScene> {
  const root = bundledRepoIn(namespaces);
  // The test cluster has no "ssd" class (a claim would stay Pending, and micro-service with it).
  edit(join(root, 'inventory/environments/production.yml'), /^storage_class: .*$/m, 'storage_class: standard');
  // More CPU than any node has: production's webhook-receiver can never be scheduled.
  edit(
    join(root, 'projects/webhook-receiver/project-vars.yml.j2'),
    'requests: {cpu: 50m,',
    `requests: {cpu: {{ '5000' if ENVIRONMENT == 'production' else '50m' }},`,
  );
  const secrets = fakeSecrets(root);
  writeFileSync(join(root, '.gitignore'), 'secrets.yml\n');
  git(root, 'init', '-q', '-b', 'main');
  const older = commitAll(root, 'older');
  process.env.KUBECONFIG = testEnv().KUBECONFIG;
  // testing/micro-service too, redeployed from the head below: a cell with an earlier revision.
  await apply(root, secrets.file, ['staging/micro-service', 'testing/micro-service'], { GITLAB_USER_LOGIN: 'alice', CI_PIPELINE_URL: PIPELINE_A });
  edit(join(root, 'projects/micro-service/project-vars.yml.j2'), 'RABBITMQ_USER: cki.consumer', 'RABBITMQ_USER: cki.micro-service');
  const head = commitAll(root, 'micro-service: its own broker user');
  const { rendered: all } = renderRepository({ root });
  const rendered = new Map<string, string[]>();
  for (const r of all) rendered.set(r.environment, [...(rendered.get(r.environment) ?? []), r.project]);
  const others = (rendered.get('staging') ?? []).filter((p) => p !== 'micro-service').map((p) => `staging/${p}`);
  await apply(root, secrets.file, ['testing', 'production', ...others], { GITLAB_USER_LOGIN: 'bob', CI_PIPELINE_URL: PIPELINE_B, CI_JOB_URL: JOB_B });
  // Drift by hand: `kubectl scale` (another field manager) on a field we own.
  await kubeClients().apps.patchNamespacedDeployment(
    { name: 'pod-watcher', namespace: namespaces.testing, body: { spec: { replicas: 2 } }, fieldManager: 'kubectl-scale' },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  await waitFor(() => rolledOut(namespaces, 'production/webhook-receiver'), {
    description: 'every other Deployment rolled out',
    timeoutMs: 180_000,
    intervalMs: 1000,
  });
  const status = async (args: string[] = ['--format', 'json'], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
    const result = await runCli(['--root', root, 'status', ...args, '--secrets-file', secrets.file], { env });
    const printed = result.stdout + result.stderr;
    for (const value of secrets.values) {
      expect(printed).not.toContain(value);
      expect(printed).not.toContain(Buffer.from(value).toString('base64'));
    }
    return result;
  };
  return { root, namespaces, secrets, commits: { older, head }, rendered, status, cleanup };
}

export async function deployStatusScene(): Promise<StatusScene> {
  // Shared by the tests of a file (created in beforeAll): deleted by cleanup(), not per test.
  const { core } = kubeClients();
  const namespaces = { testing: uniqueName('st-testing'), staging: uniqueName('st-staging'), production: uniqueName('st-production') };
  for (const name of Object.values(namespaces)) await core.createNamespace({ body: { metadata: { name, labels: { 'test-env/owner': 'vitest' } } } });
  const cleanup = async () => {
    for (const name of Object.values(namespaces)) await core.deleteNamespace({ name });
    await deleteClusterScoped(Object.values(namespaces));
  };
  try {
    return await deployInto(namespaces, cleanup);
  } catch (error) {
    await cleanup();
    throw error;
  }
}
