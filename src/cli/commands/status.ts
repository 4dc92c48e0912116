import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { BackendChoice } from '../../secrets/backend-choice.js';
import type { StatusResult } from '../../status/collect.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { contextOption, parseDurationOption, secretsBackend, secretsBackendOption, secretsFileOption, targetsArgument } from '../options.js';
import { painter, useColor, type Io } from '../output.js';
import { renderCacheFor } from '../render-cache.js';

type Format = 'table' | 'json' | 'html';

/** What `--fail-on` accepts: a cell's problem kinds, and an environment that could not be read. */
const FAIL_KINDS = ['unhealthy', 'drifted', 'behind', 'error', 'unreachable'] as const;

export interface StatusCommandOptions extends BackendChoice {
  format: Format;
  out?: string;
  context?: string;
  failOn?: string;
  serve?: boolean;
  port: string;
  host: string;
  interval: string;
  repoUrl?: string;
  repoRef: string;
  repoSync: string;
}

export function statusCommand(cli: Cli): Command {
  return new Command('status')
    .description('what is deployed where: per project and environment the deployed revision, its health, drift and whether main renders it differently')
    .addArgument(targetsArgument())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'html']).default('table'))
    .option('-o, --out <file>', 'write the report to this file instead of stdout')
    .option('--fail-on <kinds>', `exit 1 when a cell has one of these problems (comma-separated: ${FAIL_KINDS.join(', ')})`)
    .option('--serve', 'serve the page over HTTP (/, /status.json, /healthz, /metrics), refreshed in the background')
    .option('--port <port>', 'port for --serve', '8080')
    .option('--host <address>', 'address for --serve', '127.0.0.1')
    .option('--interval <duration>', 'time between two refreshes for --serve (30s, 5m, ...)', '60s')
    .option(
      '--repo-url <url>',
      'read the deployment repository from this git URL instead of --root: cloned, then fetched every --repo-sync (token: $STATUS_REPO_TOKEN)',
    )
    .option('--repo-ref <ref>', 'branch or tag of --repo-url to follow', 'main')
    .option('--repo-sync <duration>', 'fetch --repo-url again when the last fetch is older than this (checked at each refresh)', '60s')
    .addOption(contextOption())
    .addOption(secretsFileOption())
    .addOption(secretsBackendOption())
    .action(cli.action(runStatus));
}

function failKinds(text: string | undefined): string[] {
  const kinds = (text ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const unknown = kinds.find((k) => !(FAIL_KINDS as readonly string[]).includes(k));
  if (unknown !== undefined) throw new UsageError(`--fail-on ${text ?? ''}: unknown kind "${unknown}"; known: ${FAIL_KINDS.join(', ')}`);
  return kinds;
}

/**
 * What a refresh reads: the checkout at --root, or the clone of --repo-url fetched when
 * due (its HEAD is the commit "behind" counts to, whatever $CI_COMMIT_SHA says).
 */
async function statusSource(io: Io, globals: GlobalOptions, options: StatusCommandOptions) {
  const { collectStatus } = await import('../../status/collect.js');
  const base = { backend: await secretsBackend(options, io), renderCache: await renderCacheFor(io), context: options.context };
  if (options.repoUrl === undefined) {
    const root = resolve(io.cwd, globals.root);
    return { collect: (targets: string[]) => collectStatus({ ...base, root, targets, env: io.env }), sync: undefined };
  }
  const syncMs = parseDurationOption(options.repoSync, '--repo-sync');
  const { startRepoSync } = await import('../../status/repo-sync.js');
  const sync = startRepoSync({ url: options.repoUrl, ref: options.repoRef, syncMs, token: io.env.STATUS_REPO_TOKEN });
  const collect = async (targets: string[]) => {
    const result = await collectStatus({ ...base, root: await sync.update(), targets, env: { ...io.env, CI_COMMIT_SHA: undefined } });
    return { ...result, secretValues: [...result.secretValues, ...sync.secrets] };
  };
  return { collect, sync };
}

async function runStatus(io: Io, globals: GlobalOptions, targets: string[], options: StatusCommandOptions): Promise<number> {
  const failOn = failKinds(options.failOn);
  const port = Number(options.port);
  if (options.serve && (!/^\d+$/.test(options.port) || port > 65535)) throw new UsageError(`--port ${options.port}: must be a port number (0 to 65535)`);
  const intervalMs = options.serve ? parseDurationOption(options.interval, '--interval') : 0;
  const { collect, sync } = await statusSource(io, globals, options);
  try {
    if (options.serve)
      return await serve(io, () => collect(targets), { host: options.host, interval: options.interval, portNumber: port, intervalMs, problem: sync?.problem });
    return await printStatus(io, options, failOn, () => collect(targets));
  } finally {
    sync?.close();
  }
}

async function serve(
  io: Io,
  collect: () => Promise<StatusResult>,
  options: { host: string; interval: string; portNumber: number; intervalMs: number; problem?: (() => string | undefined) | undefined },
): Promise<number> {
  const { startStatusServer } = await import('../../status/serve.js');
  const server = await startStatusServer(collect, {
    port: options.portNumber,
    host: options.host,
    intervalMs: options.intervalMs,
    onRefreshError: (error) => io.stderr(`${io.paint.red('refresh failed:')} ${(error as Error).message}\n`),
    ...(options.problem ? { problem: options.problem } : {}),
  });
  io.stderr(`serving http://${options.host}:${server.port}/ (also /status.json, /healthz, /metrics), refreshed every ${options.interval}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

async function printStatus(io: Io, options: StatusCommandOptions, failOn: string[], collect: () => Promise<StatusResult>): Promise<number> {
  const { renderReport } = await import('../../status/render-report.js');
  const { report, secretValues } = await collect();
  const text = renderReport(report, options.format, secretValues, painter(options.out === undefined && useColor(process.stdout, io.env)));
  if (options.out === undefined) io.stdout(text);
  else {
    writeFileSync(resolve(io.cwd, options.out), text);
    io.stderr(`wrote ${options.out}\n`);
  }
  const k = report.counts;
  const counts = `${k.inSync} of ${k.cells} in sync, ${k.unhealthy} unhealthy, ${k.drifted} drifted, ${k.behind} behind, ${k.errors} unreadable, ${k.unreachableEnvironments} environments unreachable`;
  io.stderr(`${options.format === 'table' && options.out === undefined ? '' : `${counts}; `}${report.requests} API requests\n`);
  const failing = report.cells.some((c) => c.problems.some((p) => failOn.includes(p))) || (failOn.includes('unreachable') && k.unreachableEnvironments > 0);
  return failing ? 1 : 0;
}
