/**
 * How far a deployed commit is behind the checkout: `git rev-list --count
 * DEPLOYED..HEAD` in the deployment repository, asked once per commit.
 */
import { execFileSync } from 'node:child_process';

export type CommitDistance = { commits: number } | { detail: string };

/** A function answering, per deployed commit, how many commits `head` has since it; cached. */
export function commitDistance(root: string, head: string | undefined): (commit: string | undefined) => CommitDistance {
  const cache = new Map<string, CommitDistance>();
  return (commit) => {
    if (!commit) return { detail: 'the revision recorded no commit' };
    if (!head) return { detail: 'the checkout is not a git repository' };
    let known = cache.get(commit);
    if (!known) {
      known = distance(root, commit, head);
      cache.set(commit, known);
    }
    return known;
  };
}

function distance(root: string, commit: string, head: string): CommitDistance {
  if (!/^[0-9a-f]{4,64}$/i.test(commit)) return { detail: `recorded commit "${commit}" is not a commit id` };
  try {
    const out = execFileSync('git', ['-C', root, 'rev-list', '--count', `${commit}..${head}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { commits: Number(out.trim()) };
  } catch {
    // A shallow clone, or a commit of a branch this checkout never fetched.
    return { detail: `commit ${commit.slice(0, 12)} is not in this checkout (fetch more history to count)` };
  }
}
