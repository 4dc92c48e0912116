/**
 * The status cell of a VM group in one environment, a pure function of the revisions read
 * from its hosts (src/vm/read-revisions.ts): deployed when a host records a revision,
 * behind when a host runs another render than this checkout's (or none yet), an error when
 * a host cannot be reached or its revision file not read. No health or drift: Ansible
 * owns the hosts' state, and `diff ENV/PROJECT` shows what it would change.
 */
import type { VmGroupRevisions } from '../vm/read-revisions.js';
import type { CommitDistance } from './git-distance.js';
import type { Behind, ProblemKind, StatusCell } from './report.js';

export function buildVmCell(group: VmGroupRevisions, distance: (commit: string | undefined) => CommitDistance): StatusCell {
  const { environment, project, hosts } = group;
  const base = { environment, project, history: [], hosts, problems: [] as ProblemKind[] };
  const errors = hosts.filter((h) => h.error !== undefined);
  const applied = hosts.filter((h) => h.revision !== undefined);
  const error = errors.length > 0 ? errors.map((h) => `host ${h.host}: ${h.error}`).join('; ') : undefined;
  if (applied.length === 0) {
    return error ? { ...base, state: 'error', error, problems: ['error'] } : { ...base, state: 'not-deployed' };
  }
  const newest = applied.map((h) => h.revision).sort((a, b) => (b?.time ?? '').localeCompare(a?.time ?? ''))[0];
  const far = distance(newest?.commit);
  const other = hosts.filter((h) => h.error === undefined && h.revision?.hash !== group.desiredHash).map((h) => h.host);
  const behind: Behind = { status: other.length > 0 ? 'behind' : 'current', ...('commits' in far ? { commits: far.commits } : {}) };
  const problems: ProblemKind[] = [];
  if (behind.status === 'behind') problems.push('behind');
  if (error) problems.push('error');
  return { ...base, state: 'deployed', behind, problems, ...(error ? { error } : {}) };
}
