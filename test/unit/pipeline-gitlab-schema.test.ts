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
import type { ChildPipeline, DeployJob } from '../../src/pipeline/pipeline-model.js';
import { createSyntheticRepo } from '../../scripts/bench/synthetic-repo.mjs';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { gitlabCiSchema } from '../helpers/gitlab-ci-schema.js';
import { runCli } from '../helpers/run-cli.js';

/** A pipeline file read back into the generator's model, to run the project's own checks on the bytes written. */
function readBack(text: string): ChildPipeline {
  const { stages, ...jobs } = parse(text) as { stages: string[] } & Record<string, DeployJob>;
  return { stages, jobs: Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, { ...job, variables: job.variables ?? {} }])) };
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
    expect(Object.keys(pipeline.jobs)).toHaveLength(16);
  });

  it("accepts the 200 x 3 repository's pipelines, split within GitLab's limits", { timeout: 60_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'deployment-all-pipeline-'));
    const result = await runCli(['--root', synthetic.root, 'pipeline', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['deploy-1.yml', 'deploy-2.yml']);
    let jobs = 0;
    for (const file of files) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(schemaErrors(text), file).toEqual([]);
      const pipeline = readBack(text);
      expect(pipelineProblems(pipeline, file)).toEqual([]);
      const count = Object.keys(pipeline.jobs).length;
      expect(count).toBeLessThanOrEqual(500);
      jobs += count;
      for (const job of Object.values(pipeline.jobs)) expect(job.needs.length).toBeLessThanOrEqual(50);
    }
    expect(jobs).toBe(600);
  });
});
