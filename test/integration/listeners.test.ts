import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testEnv } from './helpers/env.js';

const execFileAsync = promisify(execFile);

interface Listener {
  address: string;
  port: number;
  pids: number[];
}

/** Listening TCP sockets from `ss -Hltnp`, with the pids that own them. */
async function listeners(): Promise<Listener[]> {
  const { stdout } = await execFileAsync('ss', ['-Hltnp']);
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const local = line.trim().split(/\s+/)[3] ?? '';
      const cut = local.lastIndexOf(':');
      const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
      return { address: local.slice(0, cut), port: Number(local.slice(cut + 1)), pids };
    });
}

/** The session id of a process (field 6 of /proc/PID/stat), or undefined if it is gone. */
async function sessionOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
  } catch {
    return undefined;
  }
}

describe('test environment network exposure', () => {
  it('listens on loopback only, for every server and every helper port it opened', async () => {
    // Each server runs in its own session led by the pid in run/<name>.pid; epmd leaves
    // the broker's session, so its port (run/rabbitmq-epmd.port) is checked by number.
    const runDir = join(dirname(testEnv().KUBECONFIG), 'run');
    const files = await readdir(runDir);
    const read = async (f: string): Promise<number> => Number((await readFile(join(runDir, f), 'utf8')).split(' ')[0]);
    const sessions = new Set(await Promise.all(files.filter((f) => f.endsWith('.pid')).map(read)));
    const ports = new Set(await Promise.all(files.filter((f) => f.endsWith('.port')).map(read)));

    const ours: Listener[] = [];
    for (const l of await listeners()) {
      const sids = await Promise.all(l.pids.map(sessionOf));
      if (ports.has(l.port) || sids.some((sid) => sid !== undefined && sessions.has(sid))) ours.push(l);
    }
    expect(ours.length).toBeGreaterThanOrEqual(7);
    const exposed = ours.filter((l) => !['127.0.0.1', '[::1]'].includes(l.address));
    expect(exposed).toEqual([]);
  });
});
