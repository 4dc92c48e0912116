/** What `apply` and `diff` print for each VM group: a summary line, then Ansible's recap per host (already masked). */
import type { VmApplyResult, VmGroupResult } from '../vm/apply-vm-groups.js';
import type { Io } from './output.js';

function summary(r: VmGroupResult, check: boolean): string {
  const sum = (key: 'changed' | 'failed' | 'unreachable'): number => r.hosts.reduce((n, h) => n + h[key], 0);
  const hosts = `${r.hosts.length} host${r.hosts.length === 1 ? '' : 's'}`;
  return `${r.environment}/${r.project}: ${hosts}, ${sum('changed')} ${check ? 'would change' : 'changed'}, ${sum('failed')} failed, ${sum('unreachable')} unreachable`;
}

/** Prints every group; returns how many failed and how many tasks changed (or would). */
export function printVmResults(io: Io, result: VmApplyResult, check: boolean): { failed: number; changed: number } {
  let failed = 0;
  let changed = 0;
  for (const r of result.results) {
    const line = summary(r, check);
    io.stdout(`${r.failure ? io.paint.red(line) : line}\n`);
    for (const h of r.hosts) io.stdout(`  ${h.host}  ok=${h.ok} changed=${h.changed} unreachable=${h.unreachable} failed=${h.failed} skipped=${h.skipped}\n`);
    if (r.failure) io.stdout(`  ${io.paint.red('failed')}     ${r.failure}\n`);
    if (r.failure) failed++;
    changed += r.hosts.reduce((n, h) => n + h.changed, 0);
  }
  return { failed, changed };
}
