import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { testEnv } from './env.js';

/**
 * A readers-writer lock over the one shared RabbitMQ broker, across the parallel test
 * workers: tests that use the broker hold it shared; a test that restarts the broker
 * holds it exclusively, from the restart to its end, so no other test meets a broker
 * going down under it. Held by a `flock` child process: if a worker dies, the kernel
 * releases the lock with it.
 */
interface Held {
  mode: 'shared' | 'exclusive';
  child: ChildProcess;
}

let held: Held | undefined;

function lockPath(): string {
  return join(dirname(testEnv().KUBECONFIG), 'run', 'rabbitmq-tests.lock');
}

async function acquire(mode: Held['mode']): Promise<ChildProcess> {
  // `cat` keeps the lock until we close its stdin.
  const flag = mode === 'shared' ? '-s' : '-x';
  const child = spawn('flock', [flag, lockPath(), '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`flock ${flag} ${lockPath()} exited with ${code}`)));
  });
  return child;
}

async function release(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin?.end();
  await exited;
}

async function take(mode: Held['mode']): Promise<void> {
  if (held === undefined) {
    onTestFinished(async () => {
      const last = held;
      held = undefined;
      if (last) await release(last.child);
    });
  } else {
    // Upgrading: drop the shared hold first, or we would wait for ourselves.
    await release(held.child);
  }
  held = { mode, child: await acquire(mode) };
}

/** Holds the broker shared until the end of the current test (no restart meanwhile). */
export async function useBroker(): Promise<void> {
  if (held === undefined) await take('shared');
}

/** Holds the broker exclusively until the end of the current test. */
export async function ownBroker(): Promise<void> {
  if (held?.mode !== 'exclusive') await take('exclusive');
}
