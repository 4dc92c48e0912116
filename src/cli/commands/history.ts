import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { contextOption, targetsArgument } from '../options.js';
import type { Io } from '../output.js';

export function historyCommand(cli: Cli): Command {
  return new Command('history')
    .description('list the recorded revisions of deployed projects (from the stored inventories) and of VM groups (from their hosts)')
    .addArgument(targetsArgument())
    .addOption(contextOption())
    .action(cli.action(runHistory));
}

async function runHistory(io: Io, globals: GlobalOptions, targets: string[], options: { context?: string }): Promise<number> {
  const { readHistories } = await import('../../vm/vm-history.js');
  const { projects, vmGroups, renderError } = await readHistories({ root: resolve(io.cwd, globals.root), targets, context: options.context });
  for (const h of projects) {
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
  let unreadable = 0;
  for (const g of vmGroups) {
    io.stdout(`${g.environment}/${g.project} (VM group: the revision recorded on each host)\n`);
    const width = Math.max(...g.hosts.map((h) => h.host.length));
    for (const h of g.hosts) {
      const name = `  ${h.host.padEnd(width)}`;
      if (h.error !== undefined) {
        unreadable++;
        io.stdout(`${name}  error: ${h.error}\n`);
      } else if (!h.revision) io.stdout(`${name}  never applied\n`);
      else {
        const r = h.revision;
        const parts = [
          name,
          r.time ?? '-',
          (r.commit ?? '-').slice(0, 12),
          r.user ?? '-',
          `render ${r.hash.slice(0, 12)}${r.hash === g.desiredHash ? '' : " (not this checkout's)"}`,
        ];
        if (r.pipelineUrl) parts.push(r.pipelineUrl);
        io.stdout(`${parts.join('  ')}\n`);
      }
    }
  }
  if (renderError !== undefined) io.stderr(`warning: VM groups not read, this checkout cannot be rendered: ${renderError}\n`);
  if (unreadable > 0) {
    io.stderr(`error: the revision of ${unreadable} host${unreadable === 1 ? '' : 's'} could not be read (see above)\n`);
    return 1;
  }
  return 0;
}
