/**
 * The repository's .gitlab-ci.yml run by gitlab-ci-local (shell executor) against the test
 * environment, on a git repository copy of the bundled repository (.gitlab-ci.yml,
 * scripts/pipeline, projects/, inventory/) whose environments deploy to test namespaces:
 * the merge request pipeline's validate, render and diff jobs; the main pipeline's generator
 * and the generated child pipeline deploying every bundled project; a pipeline started with
 * DEPLOY_PROJECT/IMAGE_TAG, whose child pipeline deploys that project on that tag; and bad
 * input (broken vars, an unknown DEPLOY_PROJECT) failing validate and the generator; a
 * scheduled pipeline running only the status job, failing on drift when asked to.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { bundledRepoIn, deleteClusterScoped, fakeSecrets } from './helpers/bundled-repo.js';
import { gitlabCiLocal as runGitlabCiLocal, jobResults, type GitlabCiLocalRun } from './helpers/gitlab-ci-local.js';
import { testEnv } from './helpers/env.js';
import { kubeClients, testNamespace } from './helpers/kube.js';

const ENVIRONMENTS = ['testing', 'staging', 'production'];
const BROKEN_FILE = 'projects/micro-service/project-vars.yml.j2';

interface PipelineRepo {
  root: string;
  namespaces: Record<string, string>;
  secrets: { file: string; values: string[] };
}

/**
 * .gitlab-ci.yml without the shared check jobs it includes from templates/gitlab-ci/ (lint,
 * test, image-build, coverage-gate: they need the package, and gitlab-ci-local passes the
 * job names of a run on to the child pipeline, so they cannot be left out by naming the
 * others). Those are tested in ci-templates.test.ts and image-deployment-all.test.ts.
 */
function deployPipelineOnly(): string {
  const document = parseDocument(readFileSync(join(REPOSITORY_ROOT, '.gitlab-ci.yml'), 'utf8'));
  for (const key of ['include', 'lint', 'test', 'image-build', '.checks', 'variables']) {
    if (!document.has(key)) throw new Error(`.gitlab-ci.yml has no ${key}: update deployPipelineOnly()`);
    document.delete(key);
  }
  return document.toString();
}

/** A committed git repository (branch main, a remote origin) of the bundled repository, one test namespace per environment. */
async function pipelineRepo(): Promise<PipelineRepo> {
  const namespaces: Record<string, string> = {};
  for (const environment of ENVIRONMENTS) namespaces[environment] = await testNamespace(`gcl-${environment.slice(0, 4)}`);
  onTestFinished(() => deleteClusterScoped(Object.values(namespaces)));
  const root = bundledRepoIn(namespaces, ['projects', 'inventory', 'scripts/pipeline']);
  // The test cluster's only storage class is `standard` (production asks for `ssd`).
  const production = join(root, 'inventory/environments/production.yml');
  writeFileSync(production, readFileSync(production, 'utf8').replace(/^storage_class: .*$/m, 'storage_class: standard'));
  writeFileSync(join(root, '.gitlab-ci.yml'), deployPipelineOnly());
  const secrets = fakeSecrets(root);
  writeFileSync(join(root, '.gitignore'), 'secrets.yml\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=CI test', '-c', 'user.email=ci@example.com', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://gitlab.example.com/cki/deployment-all.git');
  git('add', '-A');
  git('commit', '-qm', 'deployment repository');
  return { root, namespaces, secrets };
}

/** Breaks micro-service's vars (an unknown key on line 4) and commits it. */
function breakVars(root: string): void {
  const file = join(root, BROKEN_FILE);
  writeFileSync(file, readFileSync(file, 'utf8').replace('deployment:\n', 'deployment:\n  replcias: 2\n'));
  execFileSync('git', ['-c', 'user.name=CI test', '-c', 'user.email=ci@example.com', 'commit', '-qam', 'break micro-service'], { cwd: root });
}

/** Runs gitlab-ci-local in the repository; the jobs reach the test cluster and the secrets file through the environment. */
function gitlabCiLocal(repo: PipelineRepo, args: string[]): Promise<GitlabCiLocalRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBECONFIG: testEnv().KUBECONFIG,
    DEPLOYMENT_ALL: join(REPOSITORY_ROOT, 'deployment-all'),
    DEPLOYMENT_ALL_SECRETS_FILE: repo.secrets.file,
    GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE',
  };
  delete env.VAULT_ADDR;
  return runGitlabCiLocal(repo.root, args, env);
}

const MERGE_REQUEST = ['--variable', 'CI_PIPELINE_SOURCE=merge_request_event', '--variable', 'CI_MERGE_REQUEST_IID=7'];
const DIFF_JOBS = ENVIRONMENTS.map((environment) => `diff: [${environment}]`);

function expectNoSecret(repo: PipelineRepo, text: string): void {
  for (const value of repo.secrets.values) {
    expect(text).not.toContain(value);
    expect(text).not.toContain(Buffer.from(value).toString('base64'));
  }
}

describe('.gitlab-ci.yml under gitlab-ci-local', () => {
  it('merge request: validate, render (artifact out/) and diff per environment against the test cluster', { timeout: 300_000 }, async () => {
    const repo = await pipelineRepo();
    const run = await gitlabCiLocal(repo, ['validate', 'render', ...DIFF_JOBS, ...MERGE_REQUEST]);
    expect(run.code, run.output).toBe(0);
    expect(jobResults(run.output)).toEqual({ validate: 'PASS', render: 'PASS', ...Object.fromEntries(DIFF_JOBS.map((job) => [job, 'PASS'])) });
    expect(run.output).toMatch(/validate +> ok: \d+ project-environments/);

    const artifacts = join(repo.root, '.gitlab-ci-local/artifacts');
    expect(existsSync(join(artifacts, 'render/out/testing/micro-service.yaml'))).toBe(true);
    // Nothing is deployed yet: every environment's diff creates its objects, summed up in the log.
    for (const environment of ENVIRONMENTS) {
      const summary = new RegExp(
        `diff-job: ${environment}: (\\d+) object\\(s\\) would change \\((\\d+) created, 0 pruned\\); the diff is the artifact diff/${environment}.diff`,
      );
      const [, changed, created] = summary.exec(run.output) ?? [];
      expect(Number(changed), run.output).toBeGreaterThan(0);
      expect(created).toBe(changed);
      const folder = readdirSync(artifacts).find((name) => name.startsWith('diff') && name.includes(environment));
      const diff = readFileSync(join(artifacts, folder ?? 'missing', `diff/${environment}.diff`), 'utf8');
      expect(diff).toContain('would create Deployment/');
      expectNoSecret(repo, diff);
    }
    expectNoSecret(repo, run.output);
  });

  it('merge request: vars broken on a line fail validate, naming the file and line', { timeout: 120_000 }, async () => {
    const repo = await pipelineRepo();
    breakVars(repo.root);
    const run = await gitlabCiLocal(repo, ['validate', ...MERGE_REQUEST]);
    expect(run.code).not.toBe(0);
    expect(jobResults(run.output)).toEqual({ validate: 'FAIL' });
    expect(run.output).toContain(`${BROKEN_FILE}:4: deployment.replcias: unknown key "replcias"`);
  });

  it('DEPLOY_PROJECT and IMAGE_TAG: the generated child pipeline deploys that project, on that tag, to every environment', { timeout: 300_000 }, async () => {
    const repo = await pipelineRepo();
    const run = await gitlabCiLocal(repo, ['--variable', 'DEPLOY_PROJECT=webhook-receiver', '--variable', 'IMAGE_TAG=v9']);
    expect(run.code, run.output).toBe(0);
    // gitlab-ci-local passes a trigger job whatever its child pipeline did: each child job's result is checked.
    const targets = ENVIRONMENTS.map((environment) => `${environment}/webhook-receiver`);
    expect(jobResults(run.output), run.output).toEqual({ generate: 'PASS', deploy: 'PASS', ...Object.fromEntries(targets.map((t) => [t, 'PASS'])) });
    expect(run.output).toContain('generate-job: child pipeline generated/deploy-1.yml: 3 deploy job(s)');
    expectNoSecret(repo, run.output);

    const { apps } = kubeClients();
    for (const environment of ENVIRONMENTS) {
      const namespace = repo.namespaces[environment] ?? '';
      const d = await apps.readNamespacedDeployment({ name: 'webhook-receiver', namespace });
      expect(`${environment}: ${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1} ready`).toBe(
        `${environment}: ${d.spec?.replicas ?? 1}/${d.spec?.replicas ?? 1} ready`,
      );
      expect(d.spec?.template.spec?.containers.map((c) => c.image)).toEqual(['quay.io/cki/deployment-all:v9']);
    }
  });

  it('DEPLOY_PROJECT naming an unknown project fails the generator with the known ones', { timeout: 120_000 }, async () => {
    const repo = await pipelineRepo();
    const run = await gitlabCiLocal(repo, ['--variable', 'DEPLOY_PROJECT=webhook-reciever']);
    expect(run.code).not.toBe(0);
    expect(jobResults(run.output)).toEqual({ generate: 'FAIL' });
    expect(run.output).toContain(
      'DEPLOY_PROJECT=webhook-reciever: unknown project "webhook-reciever"; known: artifact-cleaner, log-archiver, micro-service, pipeline-herder, pod-watcher, status-page, webhook-receiver',
    );
    expect(existsSync(join(repo.root, 'generated'))).toBe(false);
  });

  it("main: the generator's child pipeline deploys every bundled project to the test cluster", { timeout: 400_000 }, async () => {
    const repo = await pipelineRepo();
    const run = await gitlabCiLocal(repo, []);
    expect(run.code, run.output).toBe(0);
    const { rendered } = renderRepository({ root: repo.root });
    const targets = rendered.map((r) => `${r.environment}/${r.project}`);
    expect(targets.length).toBeGreaterThan(10);
    // gitlab-ci-local passes a trigger job whatever its child pipeline did: each child job's result is checked.
    expect(jobResults(run.output)).toEqual({ generate: 'PASS', deploy: 'PASS', ...Object.fromEntries(targets.map((t) => [t, 'PASS'])) });
    expect(run.output).toMatch(/generate +> generate-job: child pipeline generated\/deploy-1.yml: \d+ deploy job\(s\)/);
    expectNoSecret(repo, run.output);

    const { apps } = kubeClients();
    for (const result of rendered) {
      for (const object of result.objects.filter((o) => o.kind === 'Deployment')) {
        const namespace = object.metadata.namespace ?? '';
        const d = await apps.readNamespacedDeployment({ name: object.metadata.name, namespace });
        const wanted = d.spec?.replicas ?? 1;
        expect(`${result.environment}/${object.metadata.name}: ${d.status?.readyReplicas ?? 0}/${wanted} ready`).toBe(
          `${result.environment}/${object.metadata.name}: ${wanted}/${wanted} ready`,
        );
      }
    }
  });

  it('schedule: only the status job, the page as artifact; STATUS_FAIL_ON=drifted fails it once an object drifted', { timeout: 300_000 }, async () => {
    const repo = await pipelineRepo();
    process.env.KUBECONFIG = testEnv().KUBECONFIG;
    // Rolled out first, so that the counts below do not depend on how fast pods start.
    const applied = await runCli(['--root', repo.root, 'apply', 'testing', '--wait', '--timeout', '4m', '--secrets-file', repo.secrets.file]);
    expect(applied.code, applied.stderr).toBe(0);
    const schedule = ['--variable', 'CI_PIPELINE_SOURCE=schedule', '--variable', 'STATUS_FAIL_ON=drifted'];
    const clean = await gitlabCiLocal(repo, schedule);
    expect(clean.code, clean.output).toBe(0);
    // Nothing deploys on a schedule, though it runs on the default branch.
    expect(jobResults(clean.output)).toEqual({ status: 'PASS' });
    const page = join(repo.root, '.gitlab-ci-local/artifacts/status/public/index.html');
    expect(readFileSync(page, 'utf8')).toContain('<table id="status">');
    expect(clean.output).toMatch(/status +> \d+ of \d+ in sync, 0 unhealthy, 0 drifted, 0 behind/);

    await kubeClients().apps.patchNamespacedDeployment(
      { name: 'pod-watcher', namespace: repo.namespaces.testing ?? '', body: { spec: { replicas: 2 } }, fieldManager: 'kubectl-scale' },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const drifted = await gitlabCiLocal(repo, schedule);
    expect(drifted.code).not.toBe(0);
    expect(jobResults(drifted.output)).toEqual({ status: 'FAIL' });
    expect(drifted.output).toContain('1 drifted');
    expect(drifted.output).toContain('status-job: a cell has a problem named by STATUS_FAIL_ON=drifted');
    expect(readFileSync(page, 'utf8')).toContain('data-cell="testing/pod-watcher" data-problems="drifted"');
    expectNoSecret(repo, clean.output + drifted.output + readFileSync(page, 'utf8'));
  });

  it('main: a broken render fails the generator with file and line, and no child pipeline runs', { timeout: 120_000 }, async () => {
    const repo = await pipelineRepo();
    breakVars(repo.root);
    const run = await gitlabCiLocal(repo, []);
    expect(run.code).not.toBe(0);
    expect(jobResults(run.output)).toEqual({ generate: 'FAIL' });
    expect(run.output).toContain(`${BROKEN_FILE}:4: deployment.replcias: unknown key "replcias"`);
    expect(run.output).toContain('generate-job: error: no child pipeline generated');
    expect(existsSync(join(repo.root, 'generated'))).toBe(false);
  });
});
