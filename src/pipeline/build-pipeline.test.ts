import { describe, expect, it } from 'vitest';
import type { EnvironmentDef } from '../render/inventory.js';
import { buildPipelines, deploymentTier } from './build-pipeline.js';
import { formatPipeline } from './format-pipeline.js';
import { parseImageOption } from './image-pins.js';
import { pipelineProblems } from './limits.js';

function env(name: string, deploy_order: number, extra: Partial<EnvironmentDef> = {}): EnvironmentDef {
  return {
    name,
    deploy_order,
    cluster: { name, server: 'https://example.invalid' },
    namespace: name,
    domain: `${name}.example.com`,
    image_tag: name,
    secrets_path: `x/${name}`,
    ...extra,
  };
}

const environments = [env('testing', 10), env('staging', 20), env('production', 30)];
const pair = (environment: string, project: string, images: string[] = [`quay.io/cki/${project}:${environment}`]) => ({ environment, project, images });

describe('buildPipelines', () => {
  it('gives each enabled pair a job whose environment, resource group and name are ENV/PROJECT, stages in deploy order', () => {
    const [pipeline] = buildPipelines({ environments, rendered: [pair('production', 'api'), pair('testing', 'api'), pair('staging', 'api')] });
    expect(pipeline?.stages).toEqual(['testing', 'staging', 'production']);
    expect(Object.keys(pipeline?.jobs ?? {})).toEqual(['testing/api', 'staging/api', 'production/api']);
    expect(pipeline?.jobs['production/api']).toEqual({
      stage: 'production',
      environment: { name: 'production/api', deployment_tier: 'production' },
      resource_group: 'production/api',
      needs: ['staging/api'],
      variables: {},
      script: ['scripts/pipeline/deploy-job production/api'],
    });
    expect(pipeline?.jobs['testing/api']?.needs).toEqual([]);
  });

  it('makes a job wait only for the same project in the previous environment where it is enabled', () => {
    // `web` is disabled in staging: its production job follows its testing job; `api` only its own staging.
    const [pipeline] = buildPipelines({
      environments,
      rendered: [pair('testing', 'web'), pair('production', 'web'), pair('staging', 'api'), pair('production', 'api')],
    });
    expect(pipeline?.jobs['production/web']?.needs).toEqual(['testing/web']);
    expect(pipeline?.jobs['production/api']?.needs).toEqual(['staging/api']);
    expect(pipeline?.jobs['staging/api']?.needs).toEqual([]);
    expect(pipeline?.jobs['staging/web']).toBeUndefined();
  });

  it('takes the tier from the inventory, else from the name, else other', () => {
    expect(deploymentTier(env('production', 1))).toBe('production');
    expect(deploymentTier(env('qa', 1))).toBe('other');
    expect(deploymentTier(env('qa', 1, { deployment_tier: 'testing' }))).toBe('testing');
    expect(deploymentTier(env('production', 1, { deployment_tier: 'staging' }))).toBe('staging');
  });

  it('pins a tag on every image the project renders there, and a whole reference as it is', () => {
    const images = new Map([
      ['api', parseImageOption('api=v2')],
      ['web', parseImageOption('web=quay.io/cki/web@sha256:' + 'a'.repeat(64))],
    ]);
    const [pipeline] = buildPipelines({
      environments,
      images,
      rendered: [
        pair('staging', 'api', ['quay.io/cki/api:staging', 'quay.io/cki/tools:staging', 'quay.io/cki/api:staging']),
        pair('staging', 'web'),
        pair('staging', 'db'),
      ],
    });
    expect(pipeline?.jobs['staging/api']?.variables).toEqual({ DEPLOY_IMAGES: 'quay.io/cki/api:v2 quay.io/cki/tools:v2' });
    expect(pipeline?.jobs['staging/web']?.variables).toEqual({ DEPLOY_IMAGES: `quay.io/cki/web@sha256:${'a'.repeat(64)}` });
    expect(pipeline?.jobs['staging/db']?.variables).toEqual({});
    expect(formatPipeline(pipeline as NonNullable<typeof pipeline>)).toContain('    DEPLOY_IMAGES: quay.io/cki/api:v2 quay.io/cki/tools:v2\n');
  });

  it('splits 200 projects x 3 environments into pipelines of at most 500 jobs, each project whole in one', () => {
    const projects = Array.from({ length: 200 }, (_, i) => `p-${String(i).padStart(3, '0')}`);
    const rendered = environments.flatMap((e) => projects.map((p) => pair(e.name, p)));
    const pipelines = buildPipelines({ environments, rendered });
    expect(pipelines.map((p) => Object.keys(p.jobs).length)).toEqual([498, 102]);
    pipelines.forEach((pipeline, i) => expect(pipelineProblems(pipeline, `deploy-${i + 1}.yml`)).toEqual([]));
    // Every `needs` names a job of the same pipeline.
    for (const pipeline of pipelines)
      for (const job of Object.values(pipeline.jobs)) for (const need of job.needs) expect(pipeline.jobs).toHaveProperty([need]);
  });

  it('gives the same bytes for the same input in any order', () => {
    const rendered = [pair('testing', 'b'), pair('production', 'a'), pair('testing', 'a'), pair('staging', 'b')];
    const text = (r: typeof rendered) => buildPipelines({ environments, rendered: r }).map(formatPipeline).join('');
    expect(text([...rendered].reverse())).toBe(text(rendered));
  });

  it('refuses to build a pipeline with nothing to deploy', () => {
    expect(() => buildPipelines({ environments, rendered: [] })).toThrow(/nothing to deploy/);
  });
});

describe('pipelineProblems', () => {
  const job = (name: string, needs: string[] = []) => ({
    stage: 'testing',
    environment: { name, deployment_tier: 'testing' as const },
    resource_group: name,
    needs,
    variables: {},
    script: ['true'],
  });

  it('reports what GitLab refuses although its schema lets it through', () => {
    const jobs: Record<string, ReturnType<typeof job>> = {};
    for (let i = 0; i < 501; i++) jobs[`testing/p${i}`] = job(`testing/p${i}`);
    jobs['testing/p0'] = job(
      'testing/p0',
      Array.from({ length: 51 }, (_, i) => `testing/p${i + 1}`),
    );
    jobs['testing/p1'] = { ...job('testing/p1', ['testing/gone']), environment: { name: 'testing/p1', deployment_tier: 'prod' as 'testing' } };
    jobs['testing/p2'] = job('testing/p2.x');
    const messages = pipelineProblems({ stages: ['testing'], jobs }, 'deploy-1.yml').map((p) => `${p.path ?? ''}: ${p.message}`);
    expect(messages).toEqual([
      ': 501 jobs; GitLab runs at most 500 in one pipeline',
      'testing/p0: 51 needs; GitLab allows at most 50',
      'testing/p1.needs: needs "testing/gone", which is not a job of this pipeline',
      'testing/p1.environment.deployment_tier: "prod" is not one of production, staging, testing, development, other',
      'testing/p2.environment.name: "testing/p2.x" has characters GitLab refuses in an environment name',
    ]);
  });
});
