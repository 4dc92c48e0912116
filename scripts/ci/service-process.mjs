/**
 * A service started the way a pod starts it (one command, its own process) and stopped
 * the way Kubernetes stops it: SIGTERM to that process only, never to its children. What
 * the command does with the signal is what is checked: a wrapper that does not pass it on
 * (`npm run` without `exec`) leaves the service running as an orphan, with no drain.
 * Used by the production-install check and by the integration tests.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { ps, retry } from 'zx';

/**
 * Resolves to what `probe` returns once that is not undefined; fails after about
 * `timeoutMs` naming what was awaited (zx's retry does the looking).
 */
export function until(description, timeoutMs, probe, intervalMs = 200) {
  return retry(Math.ceil(timeoutMs / intervalMs) + 1, intervalMs, async () => {
    let value;
    try {
      value = await probe();
    } catch (cause) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`, { cause });
    }
    if (value === undefined) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    return value;
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `argv` in `cwd` with exactly `env`. Standard output and error are kept as lines;
 * those that are JSON (the services' log events) are parsed into `events` as well.
 */
export function startService(argv, { cwd, env }) {
  const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const events = [];
  const keep = (line) => {
    lines.push(line);
    if (!line.startsWith('{')) return;
    try {
      events.push(JSON.parse(line));
    } catch {
      // not an event: kept as a line only
    }
  };
  createInterface({ input: child.stdout }).on('line', keep);
  createInterface({ input: child.stderr }).on('line', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // 'close' comes once the output pipes are drained too (and the last lines kept).
  const closed = new Promise((resolve) => child.once('close', () => resolve()));
  let finished = false;
  void closed.then(() => {
    finished = true;
  });

  /** The first event whose `msg` is `msg`; fails as soon as the process ended without it. */
  const waitForEvent = async (msg, timeoutMs = 60_000) => {
    const found = await until(`"${msg}" from ${argv.join(' ')}`, timeoutMs, () => events.find((e) => e.msg === msg) ?? (finished ? null : undefined));
    if (found === null) throw new Error(`${argv.join(' ')} ended before logging "${msg}"`);
    return found;
  };

  /**
   * SIGTERM to the command's own process; resolves to its exit and to the processes it
   * had started that outlived it (orphans, killed here so that nothing is left behind).
   */
  const stop = async (timeoutMs = 30_000) => {
    const descendants = (await ps.tree({ pid: child.pid, recursive: true })).map((p) => Number(p.pid)).filter((pid) => pid !== child.pid);
    child.kill('SIGTERM');
    const exit = await Promise.race([exited, delay(timeoutMs, undefined, { ref: false })]);
    if (exit === undefined) child.kill('SIGKILL');
    const orphans = descendants.filter(alive);
    for (const pid of orphans) process.kill(pid, 'SIGKILL');
    await Promise.race([closed, delay(5000, undefined, { ref: false })]);
    return { exit: exit ?? { code: null, signal: 'timeout' }, orphans };
  };

  /** Kills the command and everything it started (cleanup after a failure). */
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const tree = (await ps.tree({ pid: child.pid, recursive: true }).catch(() => [])).map((p) => Number(p.pid));
    for (const pid of [child.pid, ...tree]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  };

  return { child, lines, events, exited, waitForEvent, stop, kill };
}

/** Waits until `url` answers 200 (a health endpoint). */
export function waitHealthy(url, timeoutMs = 60_000) {
  return until(`${url} to answer 200`, timeoutMs, async () => ((await fetch(url)).status === 200 ? true : undefined));
}
