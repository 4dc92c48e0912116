/**
 * A job of the generated pipeline run as GitLab runs it: its script line, its variables and
 * GitLab's predefined variables in the environment, against the real API server. The
 * revision it records names the pipeline, the job, the commit, the user and the pinned image.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/deploy/history.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { deployRepo, SECRET_VALUE, testCluster } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';

interface Job {
  variables?: Record<string, string>;
  script: string[];
}

beforeAll(() => {
  // The job runs the built CLI (./deployment-all), as a runner would.
  execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: REPOSITORY_ROOT, stdio: 'inherit' });
});

describe('a generated deploy job (real API server)', () => {
  it('deploys its target with the pinned image and records the GitLab pipeline, job, commit and user', async () => {
    const namespace = await testNamespace('pipeline-job');
    const root = deployRepo(namespace);
    const generated = await runCli(['--root', root, 'pipeline', 'worker', '--image', 'worker=v3']);
    expect(generated.code, generated.stderr).toBe(0);
    const jobs = parse(generated.stdout) as Record<string, Job>;
    const job = jobs['it/worker'] as Job;
    expect(job.variables).toEqual({ DEPLOY_IMAGES: 'example.com/worker:v3' });
    expect(jobs['it/web']).toBeUndefined();

    const gitlab = {
      CI_PIPELINE_URL: 'https://gitlab.example.com/cki/deployment/-/pipelines/4242',
      CI_JOB_URL: 'https://gitlab.example.com/cki/deployment/-/jobs/777',
      CI_COMMIT_SHA: 'c0ffee'.repeat(6) + 'abcd',
      GITLAB_USER_LOGIN: 'deployer-bot',
    };
    const run = spawnSync('bash', ['-c', job.script.join('\n')], {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...gitlab,
        ...job.variables,
        KUBECONFIG: testEnv().KUBECONFIG,
        DEPLOYMENT_ALL_ROOT: root,
        DEPLOYMENT_ALL_SECRETS_FILE: join(root, 'secrets.yml'),
      },
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('it/worker: 3 created');
    expect(run.stdout + run.stderr).not.toContain(SECRET_VALUE);

    const deployment = await testCluster().get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace });
    const spec = deployment?.spec as { template: { spec: { containers: { image: string }[] } } };
    expect(spec.template.spec.containers[0]?.image).toBe('example.com/worker:v3');

    process.env.KUBECONFIG = testEnv().KUBECONFIG;
    const [history] = await readHistory({ root, targets: ['it/worker'], clusterFor: () => testCluster() });
    expect(history?.revisions[0]).toMatchObject({
      number: 1,
      commit: gitlab.CI_COMMIT_SHA,
      user: gitlab.GITLAB_USER_LOGIN,
      pipelineUrl: gitlab.CI_PIPELINE_URL,
      jobUrl: gitlab.CI_JOB_URL,
      images: ['example.com/worker:v3'],
    });
  });
});
