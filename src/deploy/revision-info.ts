/** What a revision records about who deployed what: git commit, user, CI pipeline and job. */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/** Who deployed what, recorded in each revision of the stored inventory. */
export interface RevisionInfo {
  commit?: string;
  user?: string;
  pipelineUrl?: string;
  jobUrl?: string;
}

function gitCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined; // not a git checkout: the revision simply has no commit
  }
}

/**
 * Who deploys what now. Outside CI the commit is asked of git when first read: a run
 * that records no revision (nothing changed) starts no git process.
 */
export function revisionInfo(root: string, env: NodeJS.ProcessEnv): RevisionInfo {
  const info: RevisionInfo = {};
  if (env.CI_COMMIT_SHA) info.commit = env.CI_COMMIT_SHA;
  else {
    let commit: string | undefined | null = null;
    Object.defineProperty(info, 'commit', {
      enumerable: true,
      get: () => (commit === null ? (commit = gitCommit(root)) : commit),
    });
  }
  const user = env.GITLAB_USER_LOGIN ?? env.USER ?? userInfo().username;
  if (user) info.user = user;
  if (env.CI_PIPELINE_URL) info.pipelineUrl = env.CI_PIPELINE_URL;
  if (env.CI_JOB_URL) info.jobUrl = env.CI_JOB_URL;
  return info;
}
