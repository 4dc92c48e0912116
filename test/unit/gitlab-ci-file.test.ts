/**
 * The repository's own .gitlab-ci.yml: valid for GitLab's CI JSON schema (vendored by
 * check-jsonschema), and the checks of what the schema lets through or what only this
 * repository knows: stages and needs that exist, deployment tiers and environment names
 * GitLab accepts, scripts that exist, a manual testing deploy (with its stop job) for every
 * project enabled in testing, a diff for every environment, and the trigger of the
 * generator's child pipeline.
 */
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_TIERS } from '../../src/render/schema/inventory-schema.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { gitlabCiSchema } from '../helpers/gitlab-ci-schema.js';
import { runCli } from '../helpers/run-cli.js';

type Yaml = Record<string, unknown>;

interface Job {
  stage?: string;
  needs?: string[];
  script?: string[];
  rules?: { if?: string; when?: string }[];
  variables?: Record<string, string>;
  environment?: { name?: string; deployment_tier?: string; action?: string; on_stop?: string };
  parallel?: { matrix: Record<string, string[]>[] };
  artifacts?: { paths?: string[]; when?: string; expire_in?: string };
  trigger?: { include: { artifact: string; job: string }[]; strategy?: string };
}

const KEYWORDS = new Set(['workflow', 'stages', 'default', 'variables', 'include', 'image', 'services', 'cache', 'before_script', 'after_script']);
const file = join(REPOSITORY_ROOT, '.gitlab-ci.yml');
const own = parse(readFileSync(file, 'utf8')) as Yaml & { include?: { local: string }[] };

/** `extends` as GitLab resolves it: hashes merged deeply, everything else replaced. */
function merge(base: Yaml, over: Yaml): Yaml {
  const out: Yaml = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const old = out[key];
    const bothHashes = [old, value].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    out[key] = bothHashes ? merge(old as Yaml, value as Yaml) : value;
  }
  return out;
}
/** The file with its `include: local` files merged in as GitLab does: a job defined here too is merged into the included one. */
const pipeline: Yaml = (own.include ?? []).reduce<Yaml>((merged, { local }) => {
  const included = parse(readFileSync(join(REPOSITORY_ROOT, local), 'utf8')) as Yaml;
  const out: Yaml = { ...included, ...merged };
  for (const [key, value] of Object.entries(included)) if (key in merged) out[key] = merge(value as Yaml, merged[key] as Yaml);
  return out;
}, own);
function resolveJob(name: string): Job {
  const { extends: parent, ...own } = pipeline[name] as Yaml & { extends?: string };
  return (parent ? merge(resolveJob(parent) as Yaml, own) : own) as Job;
}
const jobs: Record<string, Job> = Object.fromEntries(
  Object.keys(pipeline)
    .filter((name) => !KEYWORDS.has(name) && !name.startsWith('.'))
    .map((name) => [name, resolveJob(name)]),
);
const stages = pipeline.stages as string[];

/** The problems of what the schema lets through, each naming the job. */
function ownProblems(): string[] {
  const problems: string[] = [];
  for (const [name, job] of Object.entries(jobs)) {
    // .pre and .post are GitLab's own stages, first and last in every pipeline.
    if (!job.stage || ![...stages, '.pre', '.post'].includes(job.stage)) problems.push(`${name}: stage ${job.stage} is not in stages`);
    for (const need of job.needs ?? []) if (!(need in jobs)) problems.push(`${name}: needs ${need}, which is not a job`);
    const env = job.environment;
    if (env?.name && (!/^[A-Za-z0-9 _/${}-]+$/.test(env.name) || env.name.startsWith('/') || env.name.endsWith('/')))
      problems.push(`${name}: environment name ${env.name}`);
    if (env?.deployment_tier && !(DEPLOYMENT_TIERS as readonly string[]).includes(env.deployment_tier)) problems.push(`${name}: tier ${env.deployment_tier}`);
    if (env?.on_stop && jobs[env.on_stop]?.environment?.action !== 'stop') problems.push(`${name}: on_stop ${env.on_stop} is not a stop job`);
    for (const line of job.script ?? []) {
      const script = /^(scripts\/pipeline\/[-a-z]+)/.exec(line)?.[1];
      if (!script) continue;
      try {
        accessSync(join(REPOSITORY_ROOT, script), constants.X_OK);
      } catch {
        problems.push(`${name}: ${script} is not an executable script`);
      }
    }
  }
  return problems;
}

describe('.gitlab-ci.yml', () => {
  it("validates against GitLab's CI schema", () => {
    const { validate } = gitlabCiSchema();
    const valid = validate(pipeline);
    expect(valid ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)).toEqual([]);
    expect(validate({ ...pipeline, render: { stage: 'render', script: 'x', artifacts: { paths: 'out/' } } })).toBe(false);
  });

  it("passes the project's own checks, which catch what the schema lets through", () => {
    expect(ownProblems()).toEqual([]);
    const broken = jobs['review/all'];
    if (!broken) throw new Error('no review/all job');
    jobs['review/all'] = { ...broken, needs: ['valdate'], environment: { ...broken.environment, deployment_tier: 'prod', on_stop: 'review/all' } };
    try {
      expect(ownProblems()).toEqual([
        'review/all: needs valdate, which is not a job',
        'review/all: tier prod',
        'review/all: on_stop review/all is not a stop job',
      ]);
    } finally {
      jobs['review/all'] = broken;
    }
  });

  it('runs merge request jobs only in merge request pipelines, deploys only on the default branch or DEPLOY_PROJECT', () => {
    const ifs = (name: string) => (jobs[name]?.rules ?? []).map((r) => r.if);
    for (const name of ['validate', 'render', 'diff', 'review/all', 'review-stop/all', 'coverage-gate'])
      expect(ifs(name)).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"']);
    // The templates' checks: merge requests and the default branch, never a deploy request or a schedule.
    for (const name of ['lint', 'test', 'image-build'])
      expect(jobs[name]?.rules, name).toEqual([
        { if: '$DEPLOY_PROJECT', when: 'never' },
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "merge_request_event" && $CI_PIPELINE_SOURCE != "schedule"' },
      ]);
    for (const name of ['generate', 'deploy'])
      expect(ifs(name)).toEqual([
        '$DEPLOY_PROJECT',
        '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "merge_request_event" && $CI_PIPELINE_SOURCE != "schedule"',
      ]);
  });

  it('runs the status job only in scheduled pipelines, keeping the page whatever the verdict', () => {
    expect((pipeline.workflow as { rules: { if: string }[] }).rules.map((r) => r.if)).toContain('$CI_PIPELINE_SOURCE == "schedule"');
    const scheduled = Object.entries(jobs).filter(([, job]) => (job.rules ?? []).some((r) => r.if?.includes('"schedule"') && !r.if.includes('!=')));
    expect(scheduled.map(([name]) => name)).toEqual(['status']);
    expect(jobs.status?.script).toEqual(['scripts/pipeline/status-job']);
    expect(jobs.status?.artifacts).toEqual({ when: 'always', paths: ['public/'], expire_in: '30 days' });
  });

  it('diffs every environment of the inventory, keeping the diff', () => {
    const environments = readdirSync(join(REPOSITORY_ROOT, 'inventory/environments'))
      .map((f) => f.replace(/\.yml$/, ''))
      .sort();
    expect([...(jobs.diff?.parallel?.matrix[0]?.DIFF_ENVIRONMENT ?? [])].sort()).toEqual(environments);
    expect(jobs.diff?.artifacts?.paths).toEqual(['diff/']);
    expect(jobs.render?.artifacts?.paths).toEqual(['out/']);
  });

  it('has a manual testing deploy of the merge request, with its stop job, for every project enabled in testing and for all', async () => {
    const generated = await runCli(['--root', REPOSITORY_ROOT, 'pipeline', 'testing']);
    expect(generated.code, generated.stderr).toBe(0);
    const projects = [...generated.stdout.matchAll(/^testing\/([-a-z0-9]+):$/gm)].map((m) => m[1] ?? '');
    expect(projects.length).toBeGreaterThan(0);
    const reviewed = Object.keys(jobs)
      .filter((name) => name.startsWith('review/'))
      .map((name) => name.slice('review/'.length));
    expect(reviewed.sort()).toEqual(['all', ...projects].sort());
    for (const project of reviewed) {
      const deploy = jobs[`review/${project}`];
      const stop = jobs[`review-stop/${project}`];
      expect(deploy?.variables?.REVIEW_PROJECT).toBe(project);
      expect(stop?.variables?.REVIEW_PROJECT).toBe(project);
      expect(deploy?.environment).toMatchObject({
        name: 'testing/$REVIEW_PROJECT-mr-$CI_MERGE_REQUEST_IID',
        deployment_tier: 'testing',
        on_stop: `review-stop/${project}`,
      });
      expect(stop?.environment).toMatchObject({ name: 'testing/$REVIEW_PROJECT-mr-$CI_MERGE_REQUEST_IID', action: 'stop' });
      for (const job of [deploy, stop]) expect(job?.rules?.[0]?.when).toBe('manual');
    }
  });

  it('triggers the child pipeline the generator keeps as an artifact, and depends on it', () => {
    expect(jobs.generate?.script).toEqual(['scripts/pipeline/generate-job generated']);
    expect(jobs.generate?.artifacts?.paths).toEqual(['generated/']);
    expect(jobs.deploy?.needs).toEqual(['generate']);
    expect(jobs.deploy?.trigger).toEqual({ include: [{ artifact: 'generated/deploy-1.yml', job: 'generate' }], strategy: 'depend' });
  });
});
