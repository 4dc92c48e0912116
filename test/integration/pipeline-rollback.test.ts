/**
 * Exact rollback with a real registry (the test environment's docker-registry, htpasswd
 * auth, credentials from the secrets backend): generated deploy jobs run as GitLab runs
 * them pin the tag to a digest; a redeploy keeps it when the tag moved; a refresh takes the
 * new one; re-running the first pipeline's job (GitLab's "Rollback environment") deploys
 * the first digest again; a full redeploy with nothing changed changes no pod template.
 * A registry that refuses the credentials or is down stops the run before anything is applied.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/deploy/history.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { runDeployCli, SECRET_VALUE, testCluster } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';
import { uniqueName } from './helpers/names.js';
import { pushTestImage, registryRepo } from './helpers/registry.js';

interface Job {
  variables?: Record<string, string>;
  script: string[];
}

beforeAll(() => {
  // The jobs run the built CLI (./deployment-all), as a runner would.
  execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: REPOSITORY_ROOT, stdio: 'inherit' });
});

async function generatedJob(root: string, extra: string[] = []): Promise<Job> {
  const generated = await runCli(['--root', root, 'pipeline', 'it/worker', ...extra]);
  expect(generated.code, generated.stderr).toBe(0);
  return (parse(generated.stdout) as Record<string, Job>)['it/worker'] as Job;
}

/** Runs a job's script with its variables and GitLab's predefined ones of pipeline `pipeline`. */
function runJob(root: string, job: Job, pipeline: number, jobId: number): { status: number | null; output: string } {
  // The secrets come from the local file: without VAULT_ADDR the CLI does not ask Vault.
  const { VAULT_ADDR: _vault, ...environment } = process.env;
  const run = spawnSync('bash', ['-c', job.script.join('\n')], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    env: {
      ...environment,
      ...job.variables,
      CI_PIPELINE_URL: `https://gitlab.example.com/cki/deployment/-/pipelines/${pipeline}`,
      CI_JOB_URL: `https://gitlab.example.com/cki/deployment/-/jobs/${jobId}`,
      CI_COMMIT_SHA: 'c0ffee'.repeat(6) + 'abcd',
      GITLAB_USER_LOGIN: 'deployer-bot',
      KUBECONFIG: testEnv().KUBECONFIG,
      DEPLOYMENT_ALL_ROOT: root,
      DEPLOYMENT_ALL_SECRETS_FILE: join(root, 'secrets.yml'),
    },
  });
  const output = run.stdout + run.stderr;
  expect(output).not.toContain(testEnv().OCI_REGISTRY_PASSWORD);
  expect(output).not.toContain(SECRET_VALUE);
  return { status: run.status, output };
}

async function liveWorker(namespace: string): Promise<{ image: string; generation: number }> {
  const deployment = await testCluster().get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace });
  const spec = deployment?.spec as { template: { spec: { containers: { image: string }[] } } };
  return { image: spec.template.spec.containers[0]?.image ?? '', generation: Number(deployment?.metadata.generation) };
}

describe('exact rollback with image digests from a real registry', () => {
  it('pins, keeps a moved tag, refreshes on request, re-runs an old job exactly, and redeploys nothing unchanged', { timeout: 180_000 }, async () => {
    const namespace = await testNamespace('rollback');
    const repository = `team/${uniqueName('worker')}`;
    const root = registryRepo(namespace, repository);
    const image = `${testEnv().OCI_REGISTRY}/${repository}:production`;

    const digestA = await pushTestImage(repository, 'production');
    const first = await generatedJob(root);
    const runA = runJob(root, first, 100, 1001);
    expect(runA.status, runA.output).toBe(0);
    expect(runA.output).toContain(`it/worker: image ${image}@${digestA} (the tag, resolved now)`);
    expect((await liveWorker(namespace)).image).toBe(`${image}@${digestA}`);

    // The tag moves: diff says so with both digests, and is no change (apply keeps A).
    const digestB = await pushTestImage(repository, 'production');
    expect(digestB).not.toBe(digestA);
    const diff = await runDeployCli(root, ['diff', 'it/worker'], [testEnv().OCI_REGISTRY_PASSWORD]);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`image tag moved: it/worker: ${image}: deployed ${digestA}, the tag now points to ${digestB}`);
    const kept = runJob(root, await generatedJob(root), 101, 1011);
    expect(kept.status, kept.output).toBe(0);
    expect(kept.output).toContain('(kept from the last revision)');
    expect((await liveWorker(namespace)).image).toBe(`${image}@${digestA}`);

    // A pipeline asking for fresh tags deploys B.
    const refreshing = await generatedJob(root, ['--refresh-images']);
    expect(refreshing.variables).toEqual({ DEPLOY_REFRESH_IMAGES: 'true' });
    const runB = runJob(root, refreshing, 102, 1021);
    expect(runB.status, runB.output).toBe(0);
    expect((await liveWorker(namespace)).image).toBe(`${image}@${digestB}`);

    // GitLab's "Rollback environment": pipeline 100's job run again, same variables.
    const rerun = runJob(root, first, 100, 1099);
    expect(rerun.status, rerun.output).toBe(0);
    expect(rerun.output).toContain(`it/worker: image ${image}@${digestA} (this pipeline's earlier revision (a re-run))`);
    const afterRollback = await liveWorker(namespace);
    expect(afterRollback.image).toBe(`${image}@${digestA}`);

    // A full redeploy on merge with nothing changed: no pod template changes.
    const redeploy = runJob(root, await generatedJob(root), 103, 1031);
    expect(redeploy.status, redeploy.output).toBe(0);
    expect(await liveWorker(namespace)).toEqual(afterRollback);

    process.env.KUBECONFIG = testEnv().KUBECONFIG;
    const [history] = await readHistory({ root, targets: ['it/worker'], clusterFor: () => testCluster() });
    expect(history?.revisions.map((r) => [r.pipelineUrl?.split('/').at(-1), r.images])).toEqual([
      ['100', [`${image}@${digestA}`]],
      ['102', [`${image}@${digestB}`]],
      ['100', [`${image}@${digestA}`]],
    ]);
  });

  it('a registry refusing the credentials, or down, stops apply naming the image, before anything is applied', { timeout: 60_000 }, async () => {
    const namespace = await testNamespace('rollback-bad');
    const repository = `team/${uniqueName('worker')}`;
    await pushTestImage(repository, 'production');
    const wrongPassword = 'not-the-registry-password-42';
    const refused = await runDeployCli(registryRepo(namespace, repository, undefined, wrongPassword), ['apply', 'it'], [wrongPassword]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `image ${testEnv().OCI_REGISTRY}/${repository}:production: registry ${testEnv().OCI_REGISTRY} refused the credentials of user ${testEnv().OCI_REGISTRY_USER}`,
    );

    const down = await runDeployCli(registryRepo(namespace, repository, '127.0.0.1:1'), ['apply', 'it']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`image 127.0.0.1:1/${repository}:production: cannot reach registry 127.0.0.1:1`);

    const cluster = testCluster();
    const configMaps = await cluster.list('v1', 'ConfigMap', namespace);
    expect(configMaps.map((c) => c.metadata.name)).toEqual(['kube-root-ca.crt']);
    expect(await cluster.list('apps/v1', 'Deployment', namespace)).toEqual([]);
  });
});
