/**
 * The deploy jobs' own cost (issue 8, "Figures"), against the test environment: the
 * bundled repository's generated child pipeline (16 deploy jobs) run by gitlab-ci-local
 * (shell executor) with nothing changed and with one project changed, next to the same
 * deploys by one `deployment-all apply` process, and one deploy job with nothing to
 * change (scripts/pipeline/deploy-job, process start to exit: what each of a merge's
 * hundreds of jobs pays). Run by `npm run bench:pipeline` (or alone:
 * node scripts/bench/pipeline-jobs.mjs [--runs 3]); brings the test environment up.
 *
 * Every namespace is created here and deleted at the end. Exits 0 unless something crashed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load } from 'js-yaml';
import { fmtMs, fmtRange, summary, table, timed } from './stats.mjs';
import { BUNDLED_ROOT } from './synthetic-repo.mjs';

// Not strict: bench:pipeline passes its own options through.
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } }, strict: false });
const RUNS = Math.min(Math.max(Math.trunc(Number(args.runs)) || 1, 1), 20);
const JOB_GOAL_MS = 500;
const log = (text = '') => process.stdout.write(text + '\n');
const CLI = join(BUNDLED_ROOT, 'deployment-all');
const GITLAB_CI_LOCAL = join(BUNDLED_ROOT, 'node_modules/.bin/gitlab-ci-local');
const TEST_ENV = join(BUNDLED_ROOT, 'scripts/test-env');

execFileSync(TEST_ENV, ['up'], { stdio: ['ignore', 'ignore', 'inherit'] });
const testEnv = JSON.parse(execFileSync(TEST_ENV, ['env', '--json'], { encoding: 'utf8' }));
const suffix = Math.random().toString(36).slice(2, 8);
const namespaces = Object.fromEntries(['testing', 'staging', 'production'].map((e) => [e, `bench-gcl-${e.slice(0, 4)}-${suffix}`]));
const kubectl = (...a) => execFileSync(TEST_ENV, ['kubectl', ...a], { stdio: ['ignore', 'ignore', 'inherit'] });

/** The bundled repository as a git repository deploying to the bench namespaces, with fake secrets. */
function pipelineRepo() {
  const root = mkdtempSync(join(tmpdir(), 'deployment-all-bench-jobs-'));
  for (const folder of ['projects', 'inventory', 'scripts/pipeline']) cpSync(join(BUNDLED_ROOT, folder), join(root, folder), { recursive: true });
  cpSync(join(BUNDLED_ROOT, '.gitlab-ci.yml'), join(root, '.gitlab-ci.yml'));
  for (const [environment, namespace] of Object.entries(namespaces)) {
    const file = join(root, `inventory/environments/${environment}.yml`);
    // The test cluster's only storage class is `standard`.
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/^namespace: .*$/m, `namespace: ${namespace}`)
        .replace(/^storage_class: .*$/m, 'storage_class: standard'),
    );
  }
  const catalogue = load(readFileSync(join(root, 'inventory/secrets.yml'), 'utf8'));
  writeFileSync(
    join(root, 'secrets.yml'),
    Object.keys(catalogue.secrets)
      .map((n) => `${n}: bench-${n.toLowerCase()}\n`)
      .join(''),
    { mode: 0o600 },
  );
  writeFileSync(join(root, '.gitignore'), 'secrets.yml\ngenerated/\n.gitlab-ci-local/\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'remote', 'add', 'origin', 'https://gitlab.example.com/cki/deployment-all.git');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'deployment repository');
  return root;
}

function git(root, ...a) {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...a], { cwd: root, stdio: 'ignore' });
}

function jobEnv(root) {
  const env = { ...process.env, ...testEnv, DEPLOYMENT_ALL: CLI, DEPLOYMENT_ALL_SECRETS_FILE: join(root, 'secrets.yml'), NO_COLOR: '1' };
  delete env.VAULT_ADDR; // secrets from the file
  return env;
}

/** The generated child pipeline run by gitlab-ci-local; its wall time. */
function childPipeline(root) {
  execFileSync(CLI, ['--root', root, 'pipeline', '--out', join(root, 'generated')], { stdio: 'ignore', env: jobEnv(root) });
  const run = timed(GITLAB_CI_LOCAL, ['--file', 'generated/deploy-1.yml', '--shell-executor-no-image', '--force-shell-executor', '--concurrency', '4'], {
    cwd: root,
    env: { ...jobEnv(root), GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE' },
  });
  const failed = (run.stdout.match(/^ FAIL /gm) ?? []).length;
  if (failed > 0) throw new Error(`gitlab-ci-local: ${failed} job(s) failed:\n${run.stdout.slice(-3000)}`);
  return run.ms;
}

function directApply(root) {
  return timed(CLI, ['--root', root, 'apply', '--wait', '--secrets-file', join(root, 'secrets.yml')], { env: jobEnv(root) }).ms;
}

/** Changes micro-service's vars (an annotation on its objects) and commits it. */
function changeOneProject(root, n) {
  const file = join(root, 'projects/micro-service/project-vars.yml.j2');
  writeFileSync(file, `annotations: {bench-change: "${n}"}\n` + readFileSync(file, 'utf8').replace(/^annotations: .*\n/m, ''));
  git(root, 'commit', '-qam', `change ${n}`);
}

for (const namespace of Object.values(namespaces)) kubectl('create', 'namespace', namespace);
const root = pipelineRepo();
try {
  log(`bench:pipeline jobs: the bundled repository's child pipeline (16 deploy jobs) on the test cluster; ${RUNS} runs where repeated`);
  directApply(root); // the first deploy, so that what follows finds the objects there
  const jobNoop = [];
  for (let i = 0; i < RUNS; i++) {
    jobNoop.push(
      timed(join(root, 'scripts/pipeline/deploy-job'), ['testing/micro-service'], { cwd: root, env: { ...jobEnv(root), DEPLOYMENT_ALL_ROOT: root } }).ms,
    );
  }
  const directNoop = [];
  for (let i = 0; i < RUNS; i++) directNoop.push(directApply(root));
  const pipelineNoop = childPipeline(root);
  changeOneProject(root, 1);
  const pipelineChanged = childPipeline(root);
  changeOneProject(root, 2);
  const directChanged = directApply(root);
  const job = summary(jobNoop);
  log();
  log(
    table([
      ['run', 'nothing changed', 'one project changed'],
      ['child pipeline under gitlab-ci-local (16 jobs, concurrency 4)', fmtMs(pipelineNoop), fmtMs(pipelineChanged)],
      ['one deployment-all apply of the same 16 targets', fmtRange(summary(directNoop)), fmtMs(directChanged)],
      ['one deploy job (deploy-job testing/micro-service)', fmtRange(job), ''],
    ]),
  );
  log(`\ngoal: a deploy job with nothing to change under ${JOB_GOAL_MS} ms of its own: ${fmtMs(job.median)} ${job.median < JOB_GOAL_MS ? 'PASS' : 'MISS'}`);
  log(
    `overhead per job under gitlab-ci-local, nothing changed: ${fmtMs((pipelineNoop - summary(directNoop).median) / 16)} (pipeline minus one apply, over 16 jobs)`,
  );
} finally {
  for (const namespace of Object.values(namespaces)) kubectl('delete', 'namespace', namespace, '--wait=false');
  rmSync(root, { recursive: true, force: true });
}
