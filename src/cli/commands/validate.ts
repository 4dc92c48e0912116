import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { targetsArgument } from '../options.js';
import type { Io } from '../output.js';
import { renderCacheFor } from '../render-cache.js';

export function validateCommand(cli: Cli): Command {
  return new Command('validate')
    .description('render and validate without writing anything; reports every problem at once')
    .addArgument(targetsArgument())
    .action(cli.action(runValidate));
}

async function runValidate(io: Io, globals: GlobalOptions, targets: string[]): Promise<number> {
  const { renderWithCache } = await import('../../render/render-cached.js');
  const result = await renderWithCache({ root: resolve(io.cwd, globals.root), targets, cache: await renderCacheFor(io) });
  const { objectCount } = await import('../../render/cache/render-cache.js');
  const objects = result.rendered.reduce((sum, r) => sum + objectCount(r), 0);
  const vm = result.vmGroups.length > 0 ? `, ${result.vmGroups.length} VM group-environments` : '';
  io.stdout(`${io.paint.green('ok:')} ${result.rendered.length} project-environments, ${objects} objects${vm} valid\n`);
  return 0;
}
