import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parseDuration } from '../../lib/duration.js';
import { UsageError } from '../../lib/errors.js';
import type { BackendChoice } from '../../secrets/backend-choice.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { contextOption, secretsBackend, secretsBackendOption, secretsFileOption, targetsArgument } from '../options.js';
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

function parseInterval(text: string): number {
  try {
    return parseDuration(text, '--interval');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function runStatus(io: Io, globals: GlobalOptions, targets: string[], options: StatusCommandOptions): Promise<number> {
  const failOn = failKinds(options.failOn);
  const root = resolve(io.cwd, globals.root);
  const statusOptions = {
    root,
    targets,
    backend: await secretsBackend(options, io),
    renderCache: await renderCacheFor(io),
    context: options.context,
    env: io.env,
  };
  if (options.serve) {
    const port = Number(options.port);
    if (!/^\d+$/.test(options.port) || port > 65535) throw new UsageError(`--port ${options.port}: must be a port number (0 to 65535)`);
    const intervalMs = parseInterval(options.interval);
    const { collectStatus } = await import('../../status/collect.js');
    const { startStatusServer } = await import('../../status/serve.js');
    const server = await startStatusServer(() => collectStatus(statusOptions), {
      port,
      host: options.host,
      intervalMs,
      onRefreshError: (error) => io.stderr(`${io.paint.red('refresh failed:')} ${(error as Error).message}\n`),
    });
    io.stderr(`serving http://${options.host}:${server.port}/ (also /status.json, /healthz, /metrics), refreshed every ${options.interval}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  }
  const { collectStatus } = await import('../../status/collect.js');
  const { renderReport } = await import('../../status/render-report.js');
  const { report, secretValues } = await collectStatus(statusOptions);
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
