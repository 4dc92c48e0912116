import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parseDuration } from '../../lib/duration.js';
import { UsageError } from '../../lib/errors.js';
import type { BackendChoice } from '../../secrets/backend-choice.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { contextOption, secretsBackend, secretsBackendOption, secretsFileOption } from '../options.js';
import type { Io } from '../output.js';

export function secretsCommand(cli: Cli): Command {
  return new Command('secrets')
    .description(
      'list the catalogue of secrets with their expiry dates (from Vault KV v2 metadata where the catalogue has none); exit 1 when one is expired or expires within --expiring',
    )
    .option('--expiring <duration>', 'also fail for secrets expiring within this window, e.g. 30d', '0d')
    .option('--versions', "also show each secret's active version per environment and the version each project deployed (stale ones flagged)")
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(secretsFileOption())
    .addOption(secretsBackendOption())
    .addOption(contextOption())
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

interface SecretsOptions extends BackendChoice {
  expiring: string;
  format: 'table' | 'json';
  versions?: boolean;
  context?: string;
}

async function runSecrets(io: Io, globals: GlobalOptions, options: SecretsOptions): Promise<number> {
  const window = windowDays(options.expiring);
  const { loadInventory } = await import('../../render/inventory.js');
  const { secretReport } = await import('../../secrets/report.js');
  const { backendKind } = await import('../../secrets/backend-choice.js');
  const { expiryTable, staleWarnings, versionTable } = await import('../secrets-report.js');
  const inventory = loadInventory(resolve(io.cwd, globals.root));
  // Vault may keep the dates the catalogue lacks; the local file never does, so it is read only for --versions.
  const undated = Object.values(inventory.secrets.secrets).some((entry) => entry.expires === undefined);
  const askBackend = options.versions === true || (undated && backendKind(options, io.env) === 'vault');
  const backend = askBackend ? await secretsBackend(options, io) : undefined;
  const rows = await secretReport({ inventory, now: new Date(), windowDays: window, backend, versions: options.versions, context: options.context });
  if (options.format === 'json') io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else io.stdout(expiryTable(rows) + (options.versions ? '\n' + versionTable(rows) : ''));
  for (const warning of staleWarnings(rows)) io.stderr(io.paint.yellow(`${warning}\n`));
  const due = rows.filter((r) => r.status === 'expired' || r.status === 'expiring');
  if (due.length === 0) return 0;
  for (const r of due) {
    const when = r.status === 'expired' ? `expired on ${r.expires}` : `expires on ${r.expires} (${r.daysLeft} days left)`;
    const where = r.expiresFrom === 'catalogue' ? 'its new expires date in inventory/secrets.yml' : `its new custom_metadata.expires at ${r.expiresFrom}`;
    io.stderr(io.paint.red(`error: secret ${r.name} ${when}; renew it in the secrets backend, then set ${where}\n`));
  }
  return 1;
}
