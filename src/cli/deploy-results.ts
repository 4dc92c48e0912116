/** What `apply` and `rollback` print for each project: a summary line and its changes, every secret value masked. */
import type { ProjectResult } from '../deploy/apply-project.js';
import type { DeployResult } from '../deploy/deploy.js';
import { maskSecrets } from '../lib/mask.js';
import type { Io } from './output.js';

function summary(result: ProjectResult): string {
  const name = `${result.environment}/${result.project}`;
  if (result.retired) {
    const why = result.retired === 'removed' ? 'removed from the repository' : 'disabled here';
    const end = result.forgotten ? ', inventory deleted' : result.kept.length > 0 ? ', still tracked' : '';
    return `${name} (${why}): ${result.pruned.length} pruned, ${result.kept.length} kept, ${result.failed.length} failed${end}`;
  }
  if (result.noop) return `${name}: unchanged (no-op)`;
  const counts = [
    `${result.created.length} created`,
    `${result.configured.length} configured`,
    `${result.unchanged.length} unchanged`,
    `${result.pruned.length} pruned`,
    `${result.failed.length} failed`,
  ];
  return `${name}: ${counts.join(', ')}`;
}

/** Prints each project's summary and changes, every secret value masked; 1 when anything failed. */
export function printResults(io: Io, result: DeployResult): number {
  const print = (text: string) => io.stdout(maskSecrets(text, result.secretValues));
  let failed = 0;
  for (const r of result.results) {
    const line = summary(r);
    print(`${r.failed.length > 0 ? io.paint.red(line) : line}\n`);
    for (const ref of r.created) print(`  created    ${ref}\n`);
    for (const ref of r.configured) print(`  configured ${ref}\n`);
    for (const c of r.reclaimed) print(`  reclaimed  ${c.ref}: ${c.fields.map((f) => `${f.field} (changed by "${f.manager}")`).join(', ')}\n`);
    for (const ref of r.pruned) print(`  pruned     ${ref}\n`);
    for (const k of r.kept) print(`  kept       ${k.ref}: ${k.reason}\n`);
    for (const f of r.failed) print(`  ${io.paint.red('failed')}     ${f.message}\n`);
    failed += r.failed.length;
  }
  return failed > 0 ? 1 : 0;
}
