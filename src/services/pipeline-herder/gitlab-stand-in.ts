/**
 * A stand-in for the few GitLab REST endpoints the herder uses, for tests and the
 * benchmark (GitLab cannot run on a test machine). It answers with the JSON shapes of
 * GitLab's documented API (jobs, job log, job retry, pipeline jobs with
 * `include_retried`), checks `PRIVATE-TOKEN`, paginates like GitLab, and records every
 * request so tests can assert what was asked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** A job as the stand-in keeps it; the API JSON is built from it. */
export interface StandInJob {
  id: number;
  name: string;
  stage: string;
  status: 'failed' | 'success' | 'canceled' | 'pending' | 'running';
  failure_reason?: string;
  pipelineId: number;
  /** The log; a huge one is `head`, then `repeat` `times` times, then `tail`, streamed and never held in memory. */
  trace?: string | { head?: string; repeat: string; times: number; tail: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  range?: string;
}

export interface GitLabStandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  addJob(projectId: number, job: StandInJob): void;
  job(projectId: number, jobId: number): StandInJob | undefined;
  jobs(projectId: number): StandInJob[];
  close(): Promise<void>;
}

const PROJECT_PATH = (id: number): string => `group/project-${id}`;

function jobJson(base: string, projectId: number, job: StandInJob): Record<string, unknown> {
  const time = '2026-01-01T00:00:00.000Z';
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    name: job.name,
    ref: 'main',
    tag: false,
    coverage: null,
    allow_failure: false,
    created_at: time,
    started_at: time,
    finished_at: job.status === 'pending' ? null : time,
    erased_at: null,
    duration: 1.5,
    queued_duration: 0.1,
    user: { id: 1, username: 'bot', name: 'Bot', state: 'active' },
    commit: { id: 'e83c5163316f89bfbde7d9ab23ca2e25604af290', short_id: 'e83c5163', title: 'Commit', message: 'Commit' },
    pipeline: { id: job.pipelineId, project_id: projectId, ref: 'main', sha: 'e83c5163316f89bfbde7d9ab23ca2e25604af290', status: job.status },
    failure_reason: job.status === 'failed' ? (job.failure_reason ?? 'script_failure') : undefined,
    web_url: `${base}/${PROJECT_PATH(projectId)}/-/jobs/${job.id}`,
    project: { ci_job_token_scope_enabled: false },
    artifacts: [],
    runner: null,
    tag_list: [],
    archived: false,
  };
}

export async function startGitLabStandIn(options: { token: string; perPage?: number }): Promise<GitLabStandIn> {
  const projects = new Map<number, Map<number, StandInJob>>();
  const requests: RecordedRequest[] = [];
  let base = '';
  const perPage = options.perPage ?? 20;

  function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  function writeTrace(response: ServerResponse, trace: StandInJob['trace']): void {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    if (trace === undefined || typeof trace === 'string') {
      response.end(trace ?? '');
      return;
    }
    // Streamed with backpressure: a huge log costs the stand-in no memory either.
    if (trace.head !== undefined) response.write(trace.head);
    let left = trace.times;
    const chunk = Buffer.from(trace.repeat.repeat(Math.max(1, Math.floor(65536 / trace.repeat.length))));
    const perChunk = Math.max(1, Math.floor(65536 / trace.repeat.length));
    const pump = (): void => {
      while (left > 0) {
        const count = Math.min(left, perChunk);
        left -= count;
        const ok = response.write(count === perChunk ? chunk : trace.repeat.repeat(count));
        if (!ok) {
          response.once('drain', pump);
          return;
        }
      }
      response.end(trace.tail);
    };
    pump();
  }

  function route(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const record: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) };
    if (typeof request.headers.range === 'string') record.range = request.headers.range;
    requests.push(record);
    if (request.headers['private-token'] !== options.token) return json(response, 401, { message: '401 Unauthorized' });
    const match = /^\/api\/v4\/projects\/([^/]+)\/(jobs|pipelines)\/(\d+)(?:\/(trace|retry|jobs))?$/.exec(url.pathname);
    const projectKey = match ? decodeURIComponent(match[1] as string) : '';
    const projectId = /^\d+$/.test(projectKey) ? Number(projectKey) : Number(/project-(\d+)$/.exec(projectKey)?.[1] ?? NaN);
    const jobs = projects.get(projectId);
    if (match === null || jobs === undefined) return json(response, 404, { message: '404 Project Not Found' });
    const [, , collection, idText, action] = match;
    const id = Number(idText);
    if (collection === 'pipelines' && action === 'jobs' && request.method === 'GET') {
      const includeRetried = url.searchParams.get('include_retried') === 'true';
      const inPipeline = [...jobs.values()].filter((job) => job.pipelineId === id).sort((a, b) => b.id - a.id);
      // Without include_retried GitLab lists only the latest attempt of each job name.
      const listed = includeRetried ? inPipeline : inPipeline.filter((job, index) => inPipeline.findIndex((other) => other.name === job.name) === index);
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('per_page') ?? perPage);
      const totalPages = Math.max(1, Math.ceil(listed.length / size));
      const headers: Record<string, string> = {
        'x-page': String(page),
        'x-per-page': String(size),
        'x-total': String(listed.length),
        'x-total-pages': String(totalPages),
        'x-next-page': page < totalPages ? String(page + 1) : '',
      };
      if (page < totalPages) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${base}${next.pathname}${next.search}>; rel="next"`;
      }
      return json(
        response,
        200,
        listed.slice((page - 1) * size, page * size).map((job) => jobJson(base, projectId, job)),
        headers,
      );
    }
    const job = collection === 'jobs' ? jobs.get(id) : undefined;
    if (job === undefined) return json(response, 404, { message: '404 Job Not Found' });
    if (action === undefined && request.method === 'GET') return json(response, 200, jobJson(base, projectId, job));
    if (action === 'trace' && request.method === 'GET') return writeTrace(response, job.trace);
    if (action === 'retry' && request.method === 'POST') {
      const retried: StandInJob = { id: Math.max(...jobs.keys()) + 1, name: job.name, stage: job.stage, status: 'pending', pipelineId: job.pipelineId };
      jobs.set(retried.id, retried);
      return json(response, 201, jobJson(base, projectId, retried));
    }
    return json(response, 405, { message: '405 Method Not Allowed' });
  }

  const server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    addJob(projectId, job) {
      if (!projects.has(projectId)) projects.set(projectId, new Map());
      projects.get(projectId)?.set(job.id, job);
    },
    job: (projectId, jobId) => projects.get(projectId)?.get(jobId),
    jobs: (projectId) => [...(projects.get(projectId)?.values() ?? [])],
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
