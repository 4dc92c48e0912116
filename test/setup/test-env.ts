import { execFile, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { TEST_ENV_KEYS, type TestEnv } from './test-env-schema.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const script = resolve(repoRoot, 'scripts/test-env');
const execFileAsync = promisify(execFile);

/** Exit code of `scripts/test-env ARGS`, its output shown (provisioning can be long). */
function runVisible(args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(script, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => done(code ?? 1));
  });
}

async function isHealthy(): Promise<boolean> {
  try {
    await execFileAsync(script, ['status', '--quiet']);
    return true;
  } catch {
    return false;
  }
}

function parseEnv(json: string): TestEnv {
  const raw: unknown = JSON.parse(json);
  if (typeof raw !== 'object' || raw === null) throw new Error('scripts/test-env env --json: not an object');
  const entries = TEST_ENV_KEYS.map((key) => {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value !== 'string' || value === '') throw new Error(`scripts/test-env env --json: ${key} is missing`);
    return [key, value] as const;
  });
  return Object.fromEntries(entries) as TestEnv;
}

/**
 * Vitest global setup of the integration project: reuses a healthy environment, or
 * runs `scripts/test-env up`. Any failure throws, so integration tests fail (never skip)
 * when their servers are missing. TEST_ENV_NO_UP=1 forbids provisioning (fail instead).
 * An environment started here is stopped afterwards in CI, kept running otherwise (the
 * next run then starts in seconds); TEST_ENV_KEEP=1 keeps it in CI too.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `vitest bench` runs every project's global setup, but benchmarks need no server.
  if (project.vitest.mode === 'benchmark') return async () => {};
  let startedHere = false;
  if (!(await isHealthy())) {
    if (process.env.TEST_ENV_NO_UP === '1') {
      throw new Error('test environment is not running and TEST_ENV_NO_UP=1: run scripts/test-env up');
    }
    const code = await runVisible(['up']);
    if (code !== 0) throw new Error(`scripts/test-env up failed with exit code ${code}; see its output above`);
    startedHere = true;
  }
  const { stdout } = await execFileAsync(script, ['env', '--json']);
  const env = parseEnv(stdout);
  // Workers inherit process.env; provide() serves tests that prefer inject().
  Object.assign(process.env, env);
  project.provide('testEnv', env);
  return async () => {
    if (startedHere && process.env.CI === 'true' && process.env.TEST_ENV_KEEP !== '1') {
      await runVisible(['down']);
    }
  };
}
