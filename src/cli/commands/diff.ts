import { resolve } from 'node:path';
import { Command } from 'commander';
import type { VmApplyOptions } from '../../vm/apply-vm-groups.js';
import { digestOf } from '../../images/reference.js';
import { maskSecrets } from '../../lib/mask.js';
import type { BackendChoice } from '../../secrets/backend-choice.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import {
  concurrencyOption,
  contextOption,
  parseConcurrency,
  refreshImagesOption,
  secretsBackend,
  secretsBackendOption,
  secretsFileOption,
  targetsArgument,
} from '../options.js';
import { painter, useColor, type Io, type Painter } from '../output.js';
import { renderCacheFor } from '../render-cache.js';

export interface DiffCommandOptions extends BackendChoice {
  context?: string;
  concurrency: string;
  refreshImages?: boolean;
}

/** Exit status: 0 nothing would change, 1 changes, 2 an error (kubectl diff's convention). */
export function diffCommand(cli: Cli): Command {
  return new Command('diff')
    .description('show what apply would change (server-side dry run), Secret values masked; exit 0 none, 1 changes, 2 error')
    .addArgument(targetsArgument())
    .addOption(refreshImagesOption())
    .addOption(concurrencyOption('objects compared at once'))
    .addOption(contextOption())
    .addOption(secretsFileOption())
    .addOption(secretsBackendOption())
    .action(cli.action(runDiff, { failureStatus: 2 }));
}

function colourPatch(patch: string, paint: Painter): string {
  return patch
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++') ? paint.green(line) : line.startsWith('-') && !line.startsWith('---') ? paint.red(line) : line,
    )
    .join('\n');
}

async function runDiff(io: Io, globals: GlobalOptions, targets: string[], options: DiffCommandOptions): Promise<number> {
  const paint = painter(useColor(process.stdout, io.env));
  const concurrency = parseConcurrency(options.concurrency);
  const { diffDeploy } = await import('../../deploy/diff.js');
  const root = resolve(io.cwd, globals.root);
  const backend = await secretsBackend(options, io);
  const result = await diffDeploy({
    root,
    targets,
    renderCache: await renderCacheFor(io),
    backend,
    context: options.context,
    concurrency,
    refreshImages: options.refreshImages,
  });
  const print = (text: string) => io.stdout(maskSecrets(text, result.secretValues));
  let changes = 0;
  let errors = 0;
  for (const d of result.diffs) {
    if (d.action === 'unchanged') continue;
    if (d.action === 'error') {
      errors++;
      io.stderr(maskSecrets(`${paint.red('error:')} ${d.message ?? d.ref}\n`, result.secretValues));
      continue;
    }
    changes++;
    if (d.action === 'prune')
      print(`${paint.red(`would prune ${d.ref}`)}${d.retired ? ` (${d.retired})` : ''}${d.message ? ` (blocked: ${d.message})` : ''}\n`);
    else if (d.action === 'forget') print(`would delete the inventory of ${d.ref} (${d.retired ?? ''}): nothing it deployed is left\n`);
    else print(`${d.action === 'create' ? 'would create' : 'would change'} ${d.ref}\n${colourPatch(d.patch ?? '', paint)}\n`);
  }
  // A moved tag is no change (apply keeps the deployed digest) but a maintainer should know.
  for (const [target, pins] of result.images) {
    for (const pin of pins) {
      if (!pin.movedTo) continue;
      print(
        `${paint.yellow('image tag moved:')} ${target}: ${pin.image}: deployed ${digestOf(pin.pinned) ?? '?'}, the tag now points to ${pin.movedTo}; ` +
          `apply keeps the deployed digest (--refresh-images, or an immutable tag, deploys the new one)\n`,
      );
    }
  }
  // Without VM groups, nothing of their step is loaded.
  const vm = result.render.vmGroups.length === 0 ? { changed: 0, failed: 0 } : await diffVmGroups(io, { root, targets, backend, render: result.render });
  changes += vm.changed;
  errors += vm.failed;
  io.stderr(`${changes} change${changes === 1 ? '' : 's'}${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}\n`);
  if (errors > 0) return 2;
  return changes > 0 ? 1 : 0;
}

/** VM groups: their playbooks in check mode with --diff, Ansible's output (masked) on stdout. */
async function diffVmGroups(io: Io, run: Omit<VmApplyOptions, 'check' | 'onOutput' | 'revision'>): Promise<{ failed: number; changed: number }> {
  const { applyVmGroups } = await import('../../vm/apply-vm-groups.js');
  const { revisionInfo } = await import('../../deploy/revision-info.js');
  const { printVmResults } = await import('../vm-results.js');
  const result = await applyVmGroups({ ...run, check: true, revision: revisionInfo(run.root, io.env), onOutput: (line) => io.stdout(`${line}\n`) });
  return printVmResults(io, result, true);
}
