/**
 * Every generated pipeline validates against GitLab's own CI JSON schema (vendored by
 * check-jsonschema, compiled with ajv), and passes the checks of what GitLab refuses
 * although the schema lets it through: for the bundled repository and for a synthetic
 * one of 200 projects x 3 environments.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineProblems } from '../../src/pipeline/limits.js';
import { CHAIN_FETCH_JOB, jobCount, type ChildPipeline, type DeployJob } from '../../src/pipeline/pipeline-model.js';
import { createSyntheticRepo } from '../../scripts/bench/synthetic-repo.mjs';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { gitlabCiSchema } from '../helpers/gitlab-ci-schema.js';
import { runCli } from '../helpers/run-cli.js';

/** A pipeline file read back into the generator's model, to run the project's own checks on the bytes written. */
function readBack(text: string): ChildPipeline {
  const { stages, ...all } = parse(text) as { stages: string[] } & Record<string, DeployJob & ChainJob>;
  const jobs = Object.entries(all).filter(([, job]) => job.environment !== undefined);
  const triggers = Object.entries(all).filter(([name]) => name.startsWith('child-pipeline-'));
  const fetch = all[CHAIN_FETCH_JOB];
  const pipeline: ChildPipeline = { stages, jobs: Object.fromEntries(jobs.map(([name, job]) => [name, { ...job, variables: job.variables ?? {} }])) };
  if (fetch) {
    const files = triggers.map(([, job]) => job.trigger?.include[0]?.artifact ?? '');
    pipeline.chain = {
      files: files.map((f) => f.split('/').at(-1) ?? ''),
      dir: files[0]?.split('/').slice(0, -1).join('/') ?? '',
      parentJob: fetch.needs[0]?.job ?? '',
    };
  }
  return pipeline;
}

/** The fetch and trigger jobs of a first pipeline past 500 jobs, as written. */
interface ChainJob {
  trigger?: { include: { artifact: string; job: string }[]; strategy: string };
  needs: { pipeline?: string; job?: string }[];
}

function schemaErrors(text: string): string[] {
  const { validate } = gitlabCiSchema();
  return validate(parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe("generated pipelines against GitLab's CI schema", () => {
  const synthetic = createSyntheticRepo({ projects: 200 });
  afterAll(() => synthetic.cleanup());

  it('uses the schema file check-jsonschema ships, with its licence', () => {
    const { file, licence } = gitlabCiSchema();
    expect(file).toMatch(/check_jsonschema\/builtin_schemas\/vendor\/gitlab-ci\.json$/);
    expect(readFileSync(licence, 'utf8')).toContain('GitLab B.V.');
  });

  it('rejects what GitLab rejects (the schema is really applied)', () => {
    const noName = 'stages: [testing]\ntesting/x:\n  stage: testing\n  environment: {deployment_tier: testing}\n  script: [echo]\n';
    expect(schemaErrors(noName)).toContain("/testing~1x/environment must have required property 'name'");
    expect(schemaErrors('job:\n  stage: testing\n  needs: 3\n  script: [echo]\n').length).toBeGreaterThan(0);
  });

  it("lets through a tier GitLab refuses, which the project's own checks catch", () => {
    const text =
      'stages: [testing]\ntesting/x:\n  stage: testing\n  environment: {name: testing/x, deployment_tier: prod}\n  needs: []\n  resource_group: testing/x\n  script: [echo]\n';
    expect(schemaErrors(text)).toEqual([]);
    expect(pipelineProblems(readBack(text), 'x.yml').map((p) => p.message)).toEqual(['"prod" is not one of production, staging, testing, development, other']);
  });

  // Render and schema validation of whole repositories: seconds on a loaded machine.
  it("accepts the bundled repository's pipeline", { timeout: 60_000 }, async () => {
    const result = await runCli(['--root', REPOSITORY_ROOT, 'pipeline']);
    expect(result.code, result.stderr).toBe(0);
    expect(schemaErrors(result.stdout)).toEqual([]);
    const pipeline = readBack(result.stdout);
    expect(pipelineProblems(pipeline, 'stdout')).toEqual([]);
    expect(Object.keys(pipeline.jobs)).toHaveLength(19);
  });

  it("accepts the 200 x 3 repository's pipelines, split within GitLab's limits, the first one triggering the second", { timeout: 60_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'deployment-all-pipeline-'));
    const result = await runCli(['--root', synthetic.root, 'pipeline', '--out', 'generated'], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    const out = join(work, 'generated');
    const files = readdirSync(out).sort();
    expect(files).toEqual(['deploy-1.yml', 'deploy-2.yml']);
    let jobs = 0;
    const pipelines = files.map((file) => {
      const text = readFileSync(join(out, file), 'utf8');
      expect(schemaErrors(text), file).toEqual([]);
      const pipeline = readBack(text);
      expect(pipelineProblems(pipeline, file)).toEqual([]);
      expect(jobCount(pipeline)).toBeLessThanOrEqual(500);
      jobs += Object.keys(pipeline.jobs).length;
      for (const job of Object.values(pipeline.jobs)) expect(job.needs.length).toBeLessThanOrEqual(50);
      return { text, pipeline };
    });
    expect(jobs).toBe(600);
    // The first fetches deploy-2.yml from the parent's generator job and triggers it; the second triggers nothing.
    expect(pipelines[0]?.pipeline.chain).toEqual({ files: ['deploy-2.yml'], dir: 'generated', parentJob: 'generate' });
    const first = parse(pipelines[0]?.text ?? '') as Record<string, unknown>;
    expect(first[CHAIN_FETCH_JOB]).toMatchObject({
      needs: [{ pipeline: '$PARENT_PIPELINE_ID', job: 'generate' }],
      artifacts: { paths: ['generated/deploy-2.yml'] },
    });
    expect(first['child-pipeline-2']).toMatchObject({
      needs: [CHAIN_FETCH_JOB],
      trigger: { include: [{ artifact: 'generated/deploy-2.yml', job: CHAIN_FETCH_JOB }], strategy: 'depend' },
    });
    expect(pipelines[1]?.pipeline.chain).toBeUndefined();
  });
});
