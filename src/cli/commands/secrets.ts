import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parseDuration } from '../../lib/duration.js';
import { UsageError } from '../../lib/errors.js';
import type { SecretExpiry } from '../../secrets/expiry.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import type { Io } from '../output.js';

export function secretsCommand(cli: Cli): Command {
  return new Command('secrets')
    .description('list the catalogue of secrets with their expiry dates; exit 1 when one is expired or expires within --expiring')
    .option('--expiring <duration>', 'also fail for secrets expiring within this window, e.g. 30d', '0d')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(cli.action(runSecrets));
}

/** `--expiring 30d` in whole days (a bare number is days); a bad value is a usage error. */
function windowDays(text: string): number {
  try {
    return parseDuration(/^\d+$/.test(text.trim()) ? `${text}d` : text, '--expiring') / 86_400_000;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function table(rows: readonly SecretExpiry[]): string {
  const lines = [
    ['NAME', 'EXPIRES', 'DAYS LEFT', 'STATUS', 'OWNER'],
    ...rows.map((r) => [r.name, r.expires ?? '-', r.daysLeft === undefined ? '-' : String(r.daysLeft), r.status, r.owner ?? '-']),
  ];
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] as string).length))) ?? [];
  return (
    lines
      .map((l) =>
        l
          .map((cell, i) => cell.padEnd(widths[i] as number))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

async function runSecrets(io: Io, globals: GlobalOptions, options: { expiring: string; format: 'table' | 'json' }): Promise<number> {
  const window = windowDays(options.expiring);
  const { loadInventory } = await import('../../render/inventory.js');
  const { secretExpiries } = await import('../../secrets/expiry.js');
  const inventory = loadInventory(resolve(io.cwd, globals.root));
  const rows = secretExpiries(inventory.secrets, new Date(), window);
  io.stdout(options.format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : table(rows));
  const due = rows.filter((r) => r.status === 'expired' || r.status === 'expiring');
  if (due.length === 0) return 0;
  for (const r of due) {
    const when = r.status === 'expired' ? `expired on ${r.expires}` : `expires on ${r.expires} (${r.daysLeft} days left)`;
    io.stderr(io.paint.red(`error: secret ${r.name} ${when}; renew it in the secrets backend, then set its new expires date in inventory/secrets.yml\n`));
  }
  return 1;
}
