import { resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import { maskSecrets } from '../../lib/mask.js';
import type { BackendChoice } from '../../secrets/backend-choice.js';
import type { Cli } from '../command.js';
import { printResults } from '../deploy-results.js';
import type { GlobalOptions } from '../global-options.js';
import { contextOption, secretsBackend, secretsBackendOption, secretsFileOption } from '../options.js';
import type { Io } from '../output.js';

export interface RollbackCommandOptions extends BackendChoice {
  to: string;
  context?: string;
  forceConflicts?: boolean;
  allowMassPrune?: boolean;
}

export function rollbackCommand(cli: Cli): Command {
  return new Command('rollback')
    .description('re-render the commit a revision recorded, with its images, and apply it')
    .argument('<target>', 'ENV/PROJECT')
    .requiredOption('--to <revision>', 'revision number (see history)')
    .option('--force-conflicts', 'take over fields owned by other field managers')
    .option('--allow-mass-prune', 'allow pruning on an empty render or of more than half of the project')
    .addOption(contextOption())
    .addOption(secretsFileOption())
    .addOption(secretsBackendOption())
    .action(cli.action(runRollback));
}

async function runRollback(io: Io, globals: GlobalOptions, target: string, options: RollbackCommandOptions): Promise<number> {
  const to = Number(options.to);
  if (!Number.isInteger(to) || to < 1) throw new UsageError(`--to ${options.to}: a revision number (see deployment-all history ${target})`);
  const { rollback } = await import('../../deploy/history.js');
  const { revisionInfo } = await import('../../deploy/revision-info.js');
  const root = resolve(io.cwd, globals.root);
  const result = await rollback({
    root,
    targets: [target],
    to,
    backend: await secretsBackend(options, io),
    context: options.context,
    forceConflicts: options.forceConflicts,
    allowMassPrune: options.allowMassPrune,
    revision: revisionInfo(root, io.env),
  });
  io.stderr(maskSecrets(`rolling ${target} back to revision ${to} (commit ${result.revision.commit ?? '?'})\n`, result.secretValues));
  return printResults(io, result);
}
