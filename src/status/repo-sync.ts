/**
 * The deployment repository of `status --repo-url`: cloned into a private temporary
 * directory, then fetched again by the refresh that finds the last fetch older than
 * `syncMs`, so that "behind" compares with the newest `ref` (a pod has no checkout).
 * The whole history of the ref is fetched: `behind` counts commits.
 *
 * The token goes to git as an HTTP header through git's environment (GIT_CONFIG_*):
 * never on a command line (ps shows those) nor in .git/config. Every message is masked
 * of the token and of a password written in the URL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeploymentAllError, UsageError } from '../lib/errors.js';
import { maskSecrets } from '../lib/mask.js';

const run = promisify(execFile);

export interface RepoSyncOptions {
  url: string;
  /** Branch or tag to follow (`git clone --branch`). */
  ref: string;
  /** A fetch is due when the last one is older than this. */
  syncMs: number;
  /** HTTP token (GitLab: a read_repository token, sent as user oauth2). */
  token?: string;
  /** Clock, for tests. */
  now?: () => number;
}

export interface RepoSync {
  /** Fetches when due and returns the checkout to read; throws RepoSyncError while there is none. */
  update(): Promise<string>;
  /** Why the checkout may not be the newest ref (the last clone or fetch failed), else undefined. */
  problem(): string | undefined;
  /** The values masked in every message: to mask whatever else is printed or served too. */
  readonly secrets: readonly string[];
  /** Removes the checkout. */
  close(): void;
}

export class RepoSyncError extends DeploymentAllError {
  override readonly name = 'RepoSyncError';
}

/** Checks the options' shape before anything runs (a usage error, exit status 2). */
export function checkRepoOptions(url: string, ref: string): void {
  if (url.trim() === '' || url.startsWith('-'))
    throw new UsageError(`--repo-url ${JSON.stringify(url)}: give the deployment repository's URL (https://..., ssh://..., file://...)`);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(ref) || ref.includes('..') || ref.endsWith('/') || ref.endsWith('.lock'))
    throw new UsageError(`--repo-ref ${JSON.stringify(ref)}: not a branch or tag name`);
}

/** The URL without a password (what messages name). */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url; // scp-like (git@host:path) or a path: no password to hide
  }
}

function urlPassword(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}

/** git's reason in its stderr: its fatal and error lines (not the advice after them), else its last lines. */
function reason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const errors = lines.filter((l) => /^(fatal|error): /.test(l));
  return (errors.length > 0 ? errors.slice(0, 2) : lines.slice(-2)).join('; ');
}

export function startRepoSync(options: RepoSyncOptions): RepoSync {
  checkRepoOptions(options.url, options.ref);
  const now = options.now ?? Date.now;
  const token = options.token?.trim() || undefined;
  const header = token === undefined ? undefined : `Basic ${Buffer.from(`oauth2:${token}`).toString('base64')}`;
  const secrets = [...(token === undefined ? [] : [token, header as string]), ...urlPassword(options.url)];
  const where = `${shownUrl(options.url)} (${options.ref})`;
  const parent = mkdtempSync(join(tmpdir(), 'deployment-all-status-repo-'));
  const dir = join(parent, 'repository');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0', // fail, never wait for a password on a terminal
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    LC_ALL: 'C',
    ...(header === undefined ? {} : { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: ${header}` }),
  };
  let cloned = false;
  let fetchedAt = -Infinity;
  let problem: string | undefined;

  const git = async (args: string[], timeout: number): Promise<void> => {
    try {
      await run('git', args, { env, timeout, maxBuffer: 4 * 1024 * 1024 });
    } catch (error) {
      const e = error as { stderr?: string; code?: string | number; killed?: boolean };
      const why =
        e.code === 'ENOENT' ? 'git is not installed' : e.killed ? `git took longer than ${timeout / 1000} s` : reason(e.stderr ?? '') || String(error);
      throw new RepoSyncError(maskSecrets(`cannot fetch the deployment repository ${where}: ${why}`, secrets));
    }
  };

  const sync = async (): Promise<void> => {
    if (!cloned) {
      rmSync(dir, { recursive: true, force: true }); // what a failed clone left
      await git(['clone', '--quiet', '--single-branch', '--branch', options.ref, '--', options.url, dir], 300_000);
      cloned = true;
    } else {
      await git(['-C', dir, 'fetch', '--quiet', '--', 'origin', options.ref], 120_000);
      await git(['-C', dir, 'reset', '--quiet', '--hard', 'FETCH_HEAD'], 60_000);
    }
  };

  return {
    secrets,
    problem: () => problem,
    async update() {
      if (now() - fetchedAt >= options.syncMs) {
        // Counted from the attempt: a failing remote is asked again after syncMs, not at every refresh.
        fetchedAt = now();
        try {
          await sync();
          problem = undefined;
        } catch (error) {
          problem = (error as Error).message;
        }
      }
      if (!cloned) throw new RepoSyncError(problem ?? `the deployment repository ${where} is not cloned yet`);
      return dir;
    },
    close() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
