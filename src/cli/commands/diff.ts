import { resolve } from 'node:path';
import { diffDeploy } from '../../deploy/diff.js';
import { maskSecrets } from '../../lib/mask.js';
import { secretsBackendFor, type BackendChoice } from '../../secrets/backend-choice.js';
import { reportError } from '../errors.js';
import type { GlobalOptions } from '../main.js';
import type { Io, Painter } from '../output.js';

export interface DiffCommandOptions extends BackendChoice {
  context?: string;
  concurrency: string;
}

function colourPatch(patch: string, paint: Painter): string {
  return patch
    .split('\n')
    .map((line) => (line.startsWith('+') && !line.startsWith('+++') ? paint.green(line) : line.startsWith('-') && !line.startsWith('---') ? paint.red(line) : line))
    .join('\n');
}

/** Exit status: 0 nothing would change, 1 changes, 2 an error (kubectl diff's convention). */
export async function diffCommand(io: Io, globals: GlobalOptions, targets: string[], options: DiffCommandOptions, paint: Painter): Promise<number> {
  let result;
  try {
    result = await diffDeploy({
      root: resolve(io.cwd, globals.root),
      targets,
      backend: secretsBackendFor(options, io.env),
      context: options.context,
      concurrency: Number(options.concurrency) || 4,
    });
  } catch (error) {
    return Math.max(2, reportError(error, io));
  }
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
    if (d.action === 'prune') print(`${paint.red(`would prune ${d.ref}`)}${d.message ? ` (blocked: ${d.message})` : ''}\n`);
    else print(`${d.action === 'create' ? 'would create' : 'would change'} ${d.ref}\n${colourPatch(d.patch ?? '', paint)}\n`);
  }
  io.stderr(`${changes} change${changes === 1 ? '' : 's'}${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}\n`);
  if (errors > 0) return 2;
  return changes > 0 ? 1 : 0;
}
