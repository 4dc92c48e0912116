/**
 * `status --serve --repo-url`, as the bundled status-page runs it: the CLI (a child
 * process, as in its pod) serves a clone of the deployment repository, not a checkout.
 * A fixture repository deployed to a test namespace and pushed to a local bare
 * repository (file://): a commit pushed that changes worker's render turns worker
 * "behind" in /status.json after the next fetch. A repository that cannot be fetched:
 * /healthz 503 saying why, the process keeps answering, the token and a password in the
 * URL never printed or served.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { StatusReport } from '../../src/status/report.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { deployRepo, runDeployCli, SECRET_VALUE } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';
import { waitFor } from './helpers/wait-for.js';

const CLI = join(REPOSITORY_ROOT, 'deployment-all');
const TOKEN = `repo-token-${randomBytes(8).toString('hex')}`;
const BASIC = Buffer.from(`oauth2:${TOKEN}`).toString('base64');

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { encoding: 'utf8' }).trim();
}

function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

interface Served {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  port: number;
  get(path: string): Promise<{ status: number; text: string }>;
}

/** `deployment-all status --serve --port 0 ARGS` in a child process, once it listens; stopped when the test finishes. */
async function serveStatus(args: string[]): Promise<Served> {
  const child = spawn(CLI, ['status', '--serve', '--port', '0', '--interval', '1s', ...args], {
    env: { ...process.env, KUBECONFIG: testEnv().KUBECONFIG, STATUS_REPO_TOKEN: TOKEN, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  onTestFinished(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const port = await waitFor(async () => /serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(printed)?.[1], {
    description: `the status server to listen; it printed:\n${printed}`,
    timeoutMs: 90_000,
  });
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, text: await response.text() };
  };
  return { child, output: () => printed, port: Number(port), get };
}

async function served(server: Served): Promise<StatusReport | undefined> {
  const { status, text } = await server.get('/status.json');
  return status === 200 ? (JSON.parse(text) as StatusReport) : undefined;
}

/** waitFor, whose timeout shows what the server printed. */
async function until<T>(server: Served, check: () => Promise<T | undefined>, description: string): Promise<T> {
  return waitFor(check, { description }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; the server printed:\n${server.output()}`, { cause: error });
  });
}

const behindOf = (report: StatusReport, project: string) => report.cells.find((c) => c.project === project)?.behind;

describe('status --serve --repo-url (the deployment repository fetched, not checked out)', () => {
  it('turns a project "behind" once a commit changing its render is pushed, after the next fetch', { timeout: 240_000 }, async () => {
    const namespace = await testNamespace('reposync');
    const root = deployRepo(namespace);
    writeFileSync(join(root, '.gitignore'), '/secrets.yml\n');
    git(root, 'init', '-q', '-b', 'main');
    const first = commitAll(root, 'first');
    const applied = await runDeployCli(root, ['apply']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const bare = join(mkdtempSync(join(tmpdir(), 'status-bare-')), 'deployment.git');
    execFileSync('git', ['clone', '-q', '--bare', root, bare]);

    const server = await serveStatus(['--repo-url', `file://${bare}`, '--repo-sync', '1s', '--secrets-file', join(root, 'secrets.yml')]);
    const current = await until(server, async () => served(server), 'a first report');
    expect(current.head).toBe(first);
    expect(current.environments).toEqual([expect.objectContaining({ name: 'it', namespace })]);
    expect(behindOf(current, 'worker')).toEqual({ status: 'current', commits: 0 });
    expect(behindOf(current, 'web')).toEqual({ status: 'current', commits: 0 });
    expect(await server.get('/healthz')).toEqual({ status: 200, text: 'ok\n' });

    // main moves on: worker's render changes, web's does not.
    const vars = join(root, 'projects/worker/project-vars.yml.j2');
    writeFileSync(vars, `${readFileSync(vars, 'utf8')}  variables:\n    - MODE: batch\n`);
    const second = commitAll(root, 'worker: batch mode');
    git(root, 'push', '-q', bare, 'main');

    const moved = await until(
      server,
      async () => {
        const report = await served(server);
        return report?.head === second && behindOf(report, 'worker')?.status === 'behind' ? report : undefined;
      },
      `worker behind at ${second} in /status.json`,
    );
    expect(behindOf(moved, 'worker')).toEqual({ status: 'behind', commits: 1 });
    expect(behindOf(moved, 'web')).toEqual({ status: 'current', commits: 1 });
    expect(moved.counts).toMatchObject({ behind: 1, drifted: 0, unhealthy: 0 });
    expect(await server.get('/healthz')).toEqual({ status: 200, text: 'ok\n' });
    const everything = server.output() + JSON.stringify(moved) + (await server.get('/')).text + (await server.get('/metrics')).text;
    for (const secret of [TOKEN, BASIC, SECRET_VALUE]) expect(everything).not.toContain(secret);
  });

  it('a repository that cannot be fetched: /healthz 503 saying why, the process answers on, the token sent but never shown', async () => {
    // A git server that records what it is sent, and has no such repository.
    const received: (string | undefined)[] = [];
    const git = createServer((request, response) => {
      received.push(request.headers.authorization);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => git.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => git.close(() => resolve())));
    const url = `http://127.0.0.1:${(git.address() as AddressInfo).port}/cki/deployment.git`;

    const server = await serveStatus(['--repo-url', url, '--repo-sync', '1s']);
    const health = await waitFor(
      async () => {
        const answer = await server.get('/healthz');
        return answer.status === 503 ? answer : undefined;
      },
      { description: '/healthz unhealthy' },
    );
    expect(health.text).toMatch(new RegExp(`^unhealthy: cannot fetch the deployment repository ${url} \\(main\\): fatal: repository '.*' not found\\n$`));
    expect(await server.get('/livez')).toEqual({ status: 200, text: 'ok\n' });
    const json = await server.get('/status.json');
    expect(json.status).toBe(503);
    expect(json.text).toContain('no report yet: cannot fetch the deployment repository');
    // It tries again (every --repo-sync) and stays up.
    await waitFor(async () => (received.length >= 2 && server.output().match(/refresh failed: cannot fetch/g)?.length ? true : undefined), {
      description: 'a second attempt',
    });
    expect(server.child.exitCode).toBeNull();
    expect(received[0]).toBe(`Basic ${BASIC}`);
    const everything = server.output() + health.text + json.text + (await server.get('/metrics')).text;
    for (const secret of [TOKEN, BASIC]) expect(everything).not.toContain(secret);
    expect((await server.get('/metrics')).text).toMatch(/^deployment_all_status_refresh_failures_total [1-9]/m);
  });

  it('without --serve: a clear error, exit 1, the password of the URL masked; bad options are usage errors', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const result = await runCli(['status', '--repo-url', `https://cki:${password}@127.0.0.1:1/deployment.git`], { env: { STATUS_REPO_TOKEN: TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: cannot fetch the deployment repository https:\/\/cki:\*\*\*@127\.0\.0\.1:1\/deployment\.git \(main\): .*(Failed to connect|Connection refused)/m,
    );
    expect(result.stdout).toBe('');
    for (const secret of [password, TOKEN, BASIC]) expect(result.stderr).not.toContain(secret);

    const badRef = await runCli(['status', '--repo-url', 'file:///nowhere', '--repo-ref', '-upload-pack=touch']);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain('--repo-ref "-upload-pack=touch": not a branch or tag name');
    const badSync = await runCli(['status', '--repo-url', 'file:///nowhere', '--repo-sync', 'often']);
    expect(badSync.code).toBe(2);
    expect(badSync.stderr).toContain('--repo-sync: "often" is not a duration');
  });
});
