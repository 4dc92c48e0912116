import { resolve } from 'node:path';
import { readHistory, rollback } from '../../deploy/history.js';
import { revisionInfo } from '../../deploy/revision-info.js';
import { UsageError } from '../../lib/errors.js';
import { maskSecrets } from '../../lib/mask.js';
import { secretsBackendFor, type BackendChoice } from '../../secrets/backend-choice.js';
import type { GlobalOptions } from '../main.js';
import type { Io } from '../output.js';
import { printResults } from './apply.js';

export async function historyCommand(io: Io, globals: GlobalOptions, targets: string[], options: { context?: string }): Promise<number> {
  const histories = await readHistory({ root: resolve(io.cwd, globals.root), targets, context: options.context });
  for (const h of histories) {
    io.stdout(`${h.environment}/${h.project}\n`);
    if (h.revisions.length === 0) {
      io.stdout('  never deployed\n');
      continue;
    }
    for (const r of h.revisions) {
      const parts = [`  ${String(r.number).padStart(3)}`, r.time, (r.commit ?? '-').slice(0, 12), r.user ?? '-', r.images.join(' ') || '-'];
      if (r.pipelineUrl) parts.push(r.pipelineUrl);
      io.stdout(`${parts.join('  ')}\n`);
    }
  }
  return 0;
}

export interface RollbackCommandOptions extends BackendChoice {
  to: string;
  context?: string;
  forceConflicts?: boolean;
  allowMassPrune?: boolean;
}

export async function rollbackCommand(io: Io, globals: GlobalOptions, target: string, options: RollbackCommandOptions): Promise<number> {
  const to = Number(options.to);
  if (!Number.isInteger(to) || to < 1) throw new UsageError(`--to ${options.to}: a revision number (see deployment-all history ${target})`);
  const root = resolve(io.cwd, globals.root);
  const result = await rollback({
    root,
    targets: [target],
    to,
    backend: secretsBackendFor(options, io.env),
    context: options.context,
    forceConflicts: options.forceConflicts,
    allowMassPrune: options.allowMassPrune,
    revision: revisionInfo(root, io.env),
  });
  io.stderr(maskSecrets(`rolling ${target} back to revision ${to} (commit ${result.revision.commit ?? '?'})\n`, result.secretValues));
  return printResults(io, result);
}
