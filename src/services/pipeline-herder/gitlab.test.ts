import { afterEach, describe, expect, it } from 'vitest';
import { gitlabApi, GitLabResponseError } from './gitlab.js';
import { startGitLabStandIn, type GitLabStandIn } from './gitlab-stand-in.js';

let standIn: GitLabStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function setup(): Promise<GitLabStandIn> {
  standIn = await startGitLabStandIn({ token: 'glpat-stand-in', perPage: 2 });
  return standIn;
}

describe('gitlabApi against the stand-in', () => {
  it('reads a job, lists every page of pipeline jobs with retried ones, and retries', async () => {
    const server = await setup();
    for (const id of [1, 2, 3, 4, 5]) server.addJob(7, { id, name: id < 4 ? 'build' : `test ${id}`, stage: 'build', status: 'failed', pipelineId: 50 });
    const api = gitlabApi(server.url, 'glpat-stand-in');
    expect(await api.getJob(7, 3)).toMatchObject({ id: 3, name: 'build', status: 'failed', failure_reason: 'script_failure', pipeline: { id: 50 } });
    const jobs = await api.listPipelineJobs(7, 50);
    expect(jobs.map((job) => job.id).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.filter((request) => request.path.endsWith('/pipelines/50/jobs'))).toHaveLength(3);
    expect(server.requests.find((request) => request.path.endsWith('/jobs'))?.query.include_retried).toBe('true');
    const retried = await api.retryJob(7, 3);
    expect(retried).toMatchObject({ id: 6, name: 'build', status: 'pending' });
  });

  it('keeps only the tail of a huge log', async () => {
    const server = await setup();
    server.addJob(7, {
      id: 1,
      name: 'b',
      stage: 's',
      status: 'failed',
      pipelineId: 1,
      trace: { repeat: 'Connection timed out at the start\n', times: 600_000, tail: 'the very end\n' },
    });
    const api = gitlabApi(server.url, 'glpat-stand-in');
    const tail = await api.getTraceTail(7, 1, 4096);
    expect(tail.text.length).toBe(4096);
    expect(tail.text.endsWith('the very end\n')).toBe(true);
    expect(tail.skippedBytes).toBe(600_000 * 34 + 13 - 4096);
    expect(server.requests.at(-1)?.range).toBe('bytes=-4096');
  });

  it('fails with a typed error on a wrong token or an unexpected answer', async () => {
    const server = await setup();
    server.addJob(7, { id: 1, name: 'b', stage: 's', status: 'failed', pipelineId: 1 });
    await expect(gitlabApi(server.url, 'wrong').getJob(7, 1)).rejects.toThrow();
    await expect(gitlabApi(server.url, 'wrong').getTraceTail(7, 1, 10)).rejects.toThrow(GitLabResponseError);
    await expect(gitlabApi(server.url, 'glpat-stand-in').getJob(7, 999)).rejects.toThrow();
  });
});
