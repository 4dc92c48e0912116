import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { VmApplyOptions } from '../../vm/apply-vm-groups.js';
import type { BackendChoice } from '../../secrets/backend-choice.js';
import type { Cli } from '../command.js';
import { printResults } from '../deploy-results.js';
import type { GlobalOptions } from '../global-options.js';
import {
  concurrencyOption,
  contextOption,
  parseConcurrency,
  parseTimeout,
  refreshImagesOption,
  secretsBackend,
  secretsBackendOption,
  secretsFileOption,
  targetsArgument,
} from '../options.js';
import type { Io } from '../output.js';
import { renderCacheFor } from '../render-cache.js';

export interface ApplyCommandOptions extends BackendChoice {
  dryRun?: boolean;
  force?: boolean;
  forceConflicts?: boolean;
  allowMassPrune?: boolean;
  concurrency: string;
  context?: string;
  wait?: boolean;
  timeout: string;
  image: string[];
  refreshImages?: boolean;
}

export function applyCommand(cli: Cli): Command {
  return new Command('apply')
    .description('deploy: server-side apply in order, prune what we applied before and no longer render, record a revision')
    .addArgument(targetsArgument())
    .option('--dry-run', 'ask the API server what would change; store nothing')
    .option('--force', 'apply even when nothing changed since the last deploy')
    .option('--force-conflicts', 'take over fields owned by other field managers')
    .option('--allow-mass-prune', 'allow pruning on an empty render or of more than half of a project')
    .option('--wait', 'wait until Deployments, StatefulSets and DaemonSets rolled out and Jobs completed')
    .option('--timeout <duration>', 'how long --wait waits per project (90s, 5m, ...)', '5m')
    .addOption(
      new Option('--image <ref>', 'deploy this image reference in every container of the same image repository (repeatable; what a pipeline job pins)')
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .addOption(refreshImagesOption())
    .addOption(concurrencyOption('projects applied at once per environment'))
    .addOption(contextOption())
    .addOption(secretsFileOption())
    .addOption(secretsBackendOption())
    .action(cli.action(runApply));
}

async function runApply(io: Io, globals: GlobalOptions, targets: string[], options: ApplyCommandOptions): Promise<number> {
  const root = resolve(io.cwd, globals.root);
  const concurrency = parseConcurrency(options.concurrency);
  const waitTimeoutMs = options.wait ? parseTimeout(options.timeout) : undefined;
  const { deploy } = await import('../../deploy/deploy.js');
  const { revisionInfo } = await import('../../deploy/revision-info.js');
  const started = performance.now();
  const backend = await secretsBackend(options, io);
  const revision = revisionInfo(root, io.env);
  const result = await deploy({
    root,
    targets,
    renderCache: await renderCacheFor(io),
    concurrency,
    backend,
    context: options.context,
    dryRun: options.dryRun,
    force: options.force,
    forceConflicts: options.forceConflicts,
    allowMassPrune: options.allowMassPrune,
    imageOverrides: options.image,
    refreshImages: options.refreshImages,
    revision,
    waitTimeoutMs,
    onProgress: (line) => io.stderr(`${line}\n`),
  });
  const failed = printResults(io, result) === 0 ? 0 : result.results.reduce((n, r) => n + r.failed.length, 0);
  const ms = Math.round(performance.now() - started);
  io.stderr(
    `${options.dryRun ? 'dry run: ' : ''}${result.results.length} project-environments in ${ms} ms, ${result.requests} API requests${failed ? `, ${failed} failures` : ''}\n`,
  );
  // VM groups after the Kubernetes projects; --dry-run runs their playbooks in check mode.
  // Without any, nothing of the VM-group step is loaded (every deploy job is a cold process).
  const vmFailed =
    result.render.vmGroups.length === 0 ? 0 : await applyVmGroupsOf(io, { root, targets, backend, revision, render: result.render }, options.dryRun === true);
  return failed > 0 || vmFailed > 0 ? 1 : 0;
}

async function applyVmGroupsOf(io: Io, run: Omit<VmApplyOptions, 'check' | 'onOutput'>, check: boolean): Promise<number> {
  const { applyVmGroups } = await import('../../vm/apply-vm-groups.js');
  const { printVmResults } = await import('../vm-results.js');
  const started = performance.now();
  const result = await applyVmGroups({ ...run, check, onOutput: (line) => io.stderr(`${line}\n`) });
  if (result.results.length === 0) return 0;
  const { failed } = printVmResults(io, result, check);
  const ms = Math.round(performance.now() - started);
  io.stderr(`${check ? 'dry run: ' : ''}${result.results.length} VM group-environments in ${ms} ms${failed ? `, ${failed} failed` : ''}\n`);
  return failed;
}
