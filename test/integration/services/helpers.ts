import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BrokerConfig } from '../../../src/lib/messagequeue/config.js';
import { BrokerConnection } from '../../../src/lib/messagequeue/connection.js';
import { createLogger, type Logger } from '../../../src/lib/logging.js';
import { testEnv } from '../helpers/env.js';
import { uniqueName } from '../helpers/names.js';
import { testVhost } from '../helpers/rabbitmq.js';
import { waitFor } from '../helpers/wait-for.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const execFileAsync = promisify(execFile);

/**
 * testVhost(), tried again while the broker is restarting: another test file (running
 * in parallel) may be restarting it on purpose, and rabbitmqctl fails meanwhile.
 */
export function ownVhost(prefix: string): Promise<string> {
  return waitFor(() => testVhost(prefix), { description: `a vhost ${prefix}-*`, timeoutMs: 90_000, intervalMs: 1000 });
}

/** The test broker's settings, on the test's own vhost. */
export function brokerConfig(vhost: string): BrokerConfig {
  const env = testEnv();
  return {
    hosts: [env.RABBITMQ_HOST],
    port: Number(env.RABBITMQ_PORT),
    user: env.RABBITMQ_USER,
    password: env.RABBITMQ_PASSWORD,
    vhost,
    tls: false,
    heartbeatSeconds: 5,
  };
}

/** The same settings as environment variables, for a child process. */
export function brokerEnv(vhost: string): Record<string, string> {
  const env = testEnv();
  return {
    RABBITMQ_HOST: env.RABBITMQ_HOST,
    RABBITMQ_PORT: env.RABBITMQ_PORT,
    RABBITMQ_USER: env.RABBITMQ_USER,
    RABBITMQ_PASSWORD: env.RABBITMQ_PASSWORD,
    RABBITMQ_VHOST: vhost,
  };
}

/** A logger whose JSON lines are kept, to assert on what was logged (and what was not). */
export function capturedLogger(name = 'test', secrets: string[] = []): { logger: Logger; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  const logger = createLogger(name, { level: 'debug', destination: stream, secrets, env: process.env });
  return { logger, lines, text: () => lines.join('\n') };
}

/** A connection started for the test, with fast reconnects. */
export function testConnection(vhost: string, logger: Logger): BrokerConnection {
  const connection = new BrokerConnection({ config: brokerConfig(vhost), logger, backoff: { initial: 200, max: 2000 }, name: uniqueName('it') });
  return connection;
}

const compiled = new Map<string, Promise<string>>();

/**
 * Compiles one TypeScript entry (and what it imports) to JavaScript for a child
 * process: Node 20 cannot run TypeScript, and the child must be a real process to be
 * killed with SIGKILL. Output under node_modules/.cache so that packages resolve; once
 * per entry and test file (type checking is tsc's and eslint's job, not this one's).
 */
export function compileEntry(entry: string): Promise<string> {
  let result = compiled.get(entry);
  if (result === undefined) {
    result = compile(entry);
    compiled.set(entry, result);
  }
  return result;
}

/** A fresh folder under node_modules/.cache (so that packages resolve), removed at exit. */
function cacheFolder(prefix: string): string {
  const dir = resolve(repoRoot, 'node_modules/.cache/deployment-all-it', uniqueName(prefix));
  mkdirSync(dir, { recursive: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** tsc without type checking: `entries` and what they import, from `rootDir` into `outDir`. */
async function transpile(entries: string[], rootDir: string, outDir: string): Promise<void> {
  const tsc = resolve(repoRoot, 'node_modules/typescript/bin/tsc');
  await execFileAsync(
    process.execPath,
    [
      tsc,
      '--outDir',
      outDir,
      '--rootDir',
      rootDir,
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      '--esModuleInterop',
      '--types',
      'node',
      '--noCheck',
      ...entries.map((entry) => resolve(repoRoot, entry)),
    ],
    { cwd: repoRoot, timeout: 120_000 },
  );
}

async function compile(entry: string): Promise<string> {
  const outDir = cacheFolder('build');
  writeFileSync(resolve(outDir, 'package.json'), '{"type":"module"}\n');
  await transpile([entry], repoRoot, outDir);
  return resolve(outDir, entry.replace(/\.ts$/, '.js'));
}

let packaged: Promise<string> | undefined;

/**
 * The package laid out as the image holds it in its working directory: package.json (its
 * `npm run start:*` scripts) and dist/ compiled from the current sources of the services'
 * entry points. Once per test file.
 */
export function packageRoot(): Promise<string> {
  packaged ??= (async () => {
    const root = cacheFolder('package');
    copyFileSync(resolve(repoRoot, 'package.json'), resolve(root, 'package.json'));
    await transpile(['src/services/webhook-receiver/main.ts', 'src/services/pipeline-herder/main.ts'], resolve(repoRoot, 'src'), resolve(root, 'dist'));
    return root;
  })();
  return packaged;
}
