/**
 * The four GitLab REST endpoints the herder uses, behind a small interface so the
 * decision logic does not care how they are reached. Responses are validated at the
 * boundary: a surprise in GitLab's JSON is an error naming the endpoint.
 */
import { Gitlab } from '@gitbeaker/rest';
import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { DeploymentAllError } from '../../lib/errors.js';
import { describeUrl, fetchWithRetry } from '../../lib/http.js';

export const JobSchema = Type.Object(
  {
    id: Type.Integer({ description: 'Job id, unique in the instance.' }),
    name: Type.String({ description: 'Job name from .gitlab-ci.yml.' }),
    stage: Type.String({ description: 'Stage of the job.' }),
    status: Type.String({ description: 'created, pending, running, failed, success, canceled, skipped, manual...' }),
    failure_reason: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: 'Why a failed job failed, e.g. script_failure, runner_system_failure.' }),
    ),
    web_url: Type.String({ description: 'The job page.' }),
    pipeline: Type.Object({ id: Type.Integer({ description: 'Pipeline id.' }) }, { description: 'The pipeline of the job.' }),
  },
  { description: "The fields of GitLab's job JSON the herder reads." },
);
export type Job = Static<typeof JobSchema>;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateJob = ajv.compile(JobSchema);
const validateJobs = ajv.compile(Type.Array(JobSchema));

/** A GitLab answer that is not what the API documents. */
export class GitLabResponseError extends DeploymentAllError {
  override readonly name = 'GitLabResponseError';
}

/** The last `maxBytes` of a job log. */
export interface TraceTail {
  text: string;
  /** Bytes of the log that were not kept (0 when the whole log fit). */
  skippedBytes: number;
}

export interface GitLabApi {
  getJob(project: number | string, jobId: number): Promise<Job>;
  getTraceTail(project: number | string, jobId: number, maxBytes: number): Promise<TraceTail>;
  retryJob(project: number | string, jobId: number): Promise<Job>;
  listPipelineJobs(project: number | string, pipelineId: number): Promise<Job[]>;
}

function checked<T>(valid: boolean, value: unknown, endpoint: string): T {
  if (!valid) throw new GitLabResponseError(`${endpoint}: unexpected JSON from GitLab: ${ajv.errorsText(validateJob.errors ?? validateJobs.errors)}`);
  return value as T;
}

/**
 * Keeps only the last `maxBytes` of a streamed body: memory stays bounded however
 * large the log is. A server that honours `Range: bytes=-N` sends only the tail anyway.
 */
export async function readTail(response: Response, maxBytes: number): Promise<TraceTail> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (next === undefined || next.done) break;
    chunks.push(next.value);
    kept += next.value.length;
    total += next.value.length;
    while (chunks.length > 1 && kept - (chunks[0] as Uint8Array).length >= maxBytes) kept -= (chunks.shift() as Uint8Array).length;
  }
  const all = Buffer.concat(chunks);
  const tail = all.subarray(Math.max(0, all.length - maxBytes));
  const range = /^bytes \d+-\d+\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  const size = range ? Number(range[1]) : total;
  return { text: tail.toString('utf8'), skippedBytes: size - tail.length };
}

export interface GitLabApiOptions {
  /**
   * Client-side limit of API requests per minute (gitbeaker's limiter), default 3000,
   * gitbeaker's own default: the herder must not trip GitLab's rate limits.
   */
  requestsPerMinute?: number;
}

/** GitLab through @gitbeaker/rest, the log tail through fetchWithRetry (gitbeaker would read it whole). */
export function gitlabApi(url: string, token: string, options: GitLabApiOptions = {}): GitLabApi {
  const api = new Gitlab({ host: url, token, rateLimits: { '**': options.requestsPerMinute ?? 3000 }, rateLimitDuration: 60, queryTimeout: 30_000 });
  const base = url.replace(/\/+$/, '');
  return {
    async getJob(project, jobId) {
      const job: unknown = await api.Jobs.show(project, jobId);
      return checked<Job>(validateJob(job), job, `GET jobs/${jobId}`);
    },
    async retryJob(project, jobId) {
      const job: unknown = await api.Jobs.retry(project, jobId);
      return checked<Job>(validateJob(job), job, `POST jobs/${jobId}/retry`);
    },
    async listPipelineJobs(project, pipelineId) {
      const jobs: unknown = await api.Jobs.all(project, { pipelineId, includeRetried: true });
      return checked<Job[]>(validateJobs(jobs), jobs, `GET pipelines/${pipelineId}/jobs`);
    },
    async getTraceTail(project, jobId, maxBytes) {
      const traceUrl = `${base}/api/v4/projects/${encodeURIComponent(String(project))}/jobs/${jobId}/trace`;
      const response = await fetchWithRetry(traceUrl, { headers: { 'private-token': token, range: `bytes=-${maxBytes}` } });
      if (response.status === 416) return { text: '', skippedBytes: 0 };
      if (!response.ok) {
        await response.body?.cancel();
        throw new GitLabResponseError(`${describeUrl(traceUrl)}: GitLab answered ${response.status}`);
      }
      return readTail(response, maxBytes);
    },
  };
}
