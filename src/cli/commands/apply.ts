import { resolve } from 'node:path';
import { deploy, type DeployResult } from '../../deploy/deploy.js';
import type { ProjectResult } from '../../deploy/apply-project.js';
import { maskSecrets } from '../../lib/mask.js';
import { secretsBackendFor, type BackendChoice } from '../../secrets/backend-choice.js';
import { revisionInfo } from '../../deploy/revision-info.js';
import { parseDuration } from '../../lib/duration.js';
import { UsageError } from '../../lib/errors.js';
import type { GlobalOptions } from '../main.js';
import type { Io } from '../output.js';

export interface ApplyCommandOptions extends BackendChoice {
  dryRun?: boolean;
  force?: boolean;
  forceConflicts?: boolean;
  allowMassPrune?: boolean;
  concurrency: string;
  context?: string;
  wait?: boolean;
  timeout: string;
}

/** `--timeout`: a duration such as 90s, 5m or 1h (the library's parser); a bad one is a usage error. */
export function parseTimeout(text: string): number {
  try {
    return parseDuration(/^\d+(\.\d+)?$/.test(text) ? `${text}s` : text, '--timeout');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function summary(result: ProjectResult): string {
  const name = `${result.environment}/${result.project}`;
  if (result.noop) return `${name}: unchanged (no-op)`;
  const counts = [
    `${result.created.length} created`,
    `${result.configured.length} configured`,
    `${result.unchanged.length} unchanged`,
    `${result.pruned.length} pruned`,
    `${result.failed.length} failed`,
  ];
  return `${name}: ${counts.join(', ')}`;
}

export async function applyCommand(io: Io, globals: GlobalOptions, targets: string[], options: ApplyCommandOptions): Promise<number> {
  const root = resolve(io.cwd, globals.root);
  const concurrency = Number(options.concurrency);
  const started = performance.now();
  const result = await deploy({
    root,
    targets,
    concurrency: Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 4,
    backend: secretsBackendFor(options, io.env),
    context: options.context,
    dryRun: options.dryRun,
    force: options.force,
    forceConflicts: options.forceConflicts,
    allowMassPrune: options.allowMassPrune,
    revision: revisionInfo(root, io.env),
    waitTimeoutMs: options.wait ? parseTimeout(options.timeout) : undefined,
    onProgress: (line) => io.stderr(`${line}\n`),
  });
  const failed = printResults(io, result) === 0 ? 0 : result.results.reduce((n, r) => n + r.failed.length, 0);
  const ms = Math.round(performance.now() - started);
  io.stderr(`${options.dryRun ? 'dry run: ' : ''}${result.results.length} project-environments in ${ms} ms, ${result.requests} API requests${failed ? `, ${failed} failures` : ''}\n`);
  return failed > 0 ? 1 : 0;
}

/** Prints each project's summary and changes, every secret value masked; 1 when anything failed. */
export function printResults(io: Io, result: DeployResult): number {
  const print = (text: string) => io.stdout(maskSecrets(text, result.secretValues));
  let failed = 0;
  for (const r of result.results) {
    const line = summary(r);
    print(`${r.failed.length > 0 ? io.paint.red(line) : line}\n`);
    for (const ref of r.created) print(`  created    ${ref}\n`);
    for (const ref of r.configured) print(`  configured ${ref}\n`);
    for (const ref of r.pruned) print(`  pruned     ${ref}\n`);
    for (const k of r.kept) print(`  kept       ${k.ref}: ${k.reason}\n`);
    for (const f of r.failed) print(`  ${io.paint.red('failed')}     ${f.message}\n`);
    failed += r.failed.length;
  }
  return failed > 0 ? 1 : 0;
}
