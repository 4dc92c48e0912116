import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRepoSync, type RepoSync } from './repo-sync.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();

/** A work repository with one commit on main, pushed to a bare one. */
function repositories(): { work: string; bare: string; commit: () => string } {
  const work = mkdtempSync(join(tmpdir(), 'repo-sync-work-'));
  const bare = join(mkdtempSync(join(tmpdir(), 'repo-sync-bare-')), 'r.git');
  git(work, 'init', '-q', '-b', 'main');
  let n = 0;
  const commit = () => {
    writeFileSync(join(work, 'file'), String(++n));
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', `commit ${n}`);
    return git(work, 'rev-parse', 'HEAD');
  };
  commit();
  execFileSync('git', ['clone', '-q', '--bare', work, bare]);
  return { work, bare, commit };
}

describe('the deployment repository of status --repo-url', () => {
  let sync: RepoSync | undefined;
  afterEach(() => sync?.close());

  it('clones at the first update, fetches again only once the last fetch is --repo-sync old', async () => {
    const { work, bare, commit } = repositories();
    let now = 1_000_000;
    sync = startRepoSync({ url: `file://${bare}`, ref: 'main', syncMs: 60_000, now: () => now });
    const dir = await sync.update();
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(git(work, 'rev-parse', 'HEAD'));
    const second = commit();
    git(work, 'push', '-q', bare, 'main');
    now += 59_000;
    expect(git(await sync.update(), 'rev-parse', 'HEAD')).not.toBe(second); // not due yet
    now += 1_000;
    expect(git(await sync.update(), 'rev-parse', 'HEAD')).toBe(second);
    expect(sync.problem()).toBeUndefined();
  });

  it('a fetch that fails keeps the last checkout and says why; a clone that fails throws, masked', async () => {
    const { bare } = repositories();
    let now = 0;
    sync = startRepoSync({ url: `file://${bare}`, ref: 'main', syncMs: 1, now: () => now });
    const dir = await sync.update();
    execFileSync('rm', ['-rf', bare]);
    now += 1;
    expect(await sync.update()).toBe(dir);
    expect(sync.problem()).toMatch(/^cannot fetch the deployment repository file:\/\/.* \(main\): fatal: .*does not appear to be a git repository/);

    const token = 'tok-0123456789';
    const missing = startRepoSync({ url: 'https://u:hunter2-pw@127.0.0.1:1/r.git', ref: 'main', syncMs: 1, token });
    try {
      const error = await missing.update().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/^cannot fetch the deployment repository https:\/\/u:\*\*\*@127\.0\.0\.1:1\/r\.git \(main\): /);
      expect(missing.problem()).toBe(error?.message);
      expect(missing.secrets).toContain(token);
      for (const secret of [token, 'hunter2-pw']) expect(error?.message).not.toContain(secret);
    } finally {
      missing.close();
    }
  });
});
