/**
 * A small stand-in of the two GitLab API (v4) endpoints the CI templates call, answering
 * as GitLab documents them:
 * - POST /api/v4/projects/:id/trigger/pipeline (form fields token, ref, variables[KEY]):
 *   201 with the pipeline; 404 {"message":"404 Not Found"} for a wrong token; 400
 *   {"message":{"base":["Reference not found"]}} for an unknown ref.
 * - GET /api/v4/projects/:id/jobs/artifacts/:ref/raw/*path?job=name with a JOB-TOKEN
 *   header: the file of the ref's last successful job of that name, else 404.
 * Every request is recorded for the tests' assertions.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TriggerRequest {
  project: string;
  contentType: string;
  fields: Record<string, string>;
}

export interface GitlabApiStandIn {
  /** The API root, like CI_API_V4_URL. */
  url: string;
  triggers: TriggerRequest[];
  /** `ref/job/path` -> file content, the artifacts the raw-artifact endpoint serves. */
  artifacts: Map<string, string>;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** The deployment repository (path) and its trigger token and branches. */
  project: string;
  token: string;
  refs: string[];
  /** The CI_JOB_TOKEN of the jobs (gitlab-ci-local sets none; GitLab always does). */
  jobToken: string;
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function gitlabApiStandIn(options: StandInOptions): Promise<GitlabApiStandIn> {
  const triggers: TriggerRequest[] = [];
  const artifacts = new Map<string, string>();
  let pipelineId = 5000;
  const server = createServer((request, response) => {
    const send = (status: number, value: unknown, type = 'application/json'): void => {
      response.writeHead(status, { 'content-type': type });
      response.end(typeof value === 'string' ? value : JSON.stringify(value));
    };
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const trigger = /^\/api\/v4\/projects\/([^/]+)\/trigger\/pipeline$/.exec(url.pathname);
    const raw = /^\/api\/v4\/projects\/([^/]+)\/jobs\/artifacts\/([^/]+)\/raw\/(.+)$/.exec(url.pathname);
    if (request.method === 'POST' && trigger) {
      void body(request).then((text) => {
        const contentType = request.headers['content-type'] ?? '';
        const fields = Object.fromEntries(new URLSearchParams(contentType.startsWith('application/x-www-form-urlencoded') ? text : ''));
        const project = decodeURIComponent(trigger[1] ?? '');
        triggers.push({ project, contentType, fields });
        if (project !== options.project || fields.token !== options.token) return send(404, { message: '404 Not Found' });
        if (!fields.ref || !options.refs.includes(fields.ref)) return send(400, { message: { base: ['Reference not found'] } });
        pipelineId++;
        send(201, {
          id: pipelineId,
          iid: pipelineId - 5000,
          project_id: 1,
          sha: '0'.repeat(40),
          ref: fields.ref,
          status: 'created',
          source: 'trigger',
          web_url: `https://gitlab.example.com/${project}/-/pipelines/${pipelineId}`,
        });
      });
      return;
    }
    if (request.method === 'GET' && raw) {
      if (request.headers['job-token'] !== options.jobToken) return send(401, { message: '401 Unauthorized' });
      const key = `${decodeURIComponent(raw[2] ?? '')}/${url.searchParams.get('job') ?? ''}/${decodeURIComponent(raw[3] ?? '')}`;
      const file = artifacts.get(key);
      return file === undefined ? send(404, { message: '404 Not found' }) : send(200, file, 'application/octet-stream');
    }
    send(404, { error: '404 Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v4`,
    triggers,
    artifacts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
