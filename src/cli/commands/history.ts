import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { contextOption, targetsArgument } from '../options.js';
import type { Io } from '../output.js';

export function historyCommand(cli: Cli): Command {
  return new Command('history')
    .description('list the recorded revisions of deployed projects (from the stored inventories)')
    .addArgument(targetsArgument())
    .addOption(contextOption())
    .action(cli.action(runHistory));
}

async function runHistory(io: Io, globals: GlobalOptions, targets: string[], options: { context?: string }): Promise<number> {
  const { readHistory } = await import('../../deploy/history.js');
  const histories = await readHistory({ root: resolve(io.cwd, globals.root), targets, context: options.context });
  for (const h of histories) {
    io.stdout(`${h.environment}/${h.project}${h.removed ? ' (removed from the repository)' : ''}\n`);
    if (h.revisions.length === 0) {
      io.stdout('  never deployed\n');
      continue;
    }
    for (const r of h.revisions) {
      const parts = [`  ${String(r.number).padStart(3)}`, r.time, (r.commit ?? '-').slice(0, 12), r.user ?? '-', r.images.join(' ') || '-'];
      if (r.pipelineUrl) parts.push(r.pipelineUrl);
      // Versions only, never values (see secrets --versions).
      const secrets = Object.entries(r.secrets ?? {}).map(([name, version]) => `${name}@${version}`);
      if (secrets.length > 0) parts.push(`secrets ${secrets.join(' ')}`);
      io.stdout(`${parts.join('  ')}\n`);
    }
  }
  return 0;
}
