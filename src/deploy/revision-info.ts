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

export function revisionInfo(root: string, env: NodeJS.ProcessEnv): RevisionInfo {
  const info: RevisionInfo = {};
  const commit = env.CI_COMMIT_SHA ?? gitCommit(root);
  if (commit) info.commit = commit;
  const user = env.GITLAB_USER_LOGIN ?? env.USER ?? userInfo().username;
  if (user) info.user = user;
  if (env.CI_PIPELINE_URL) info.pipelineUrl = env.CI_PIPELINE_URL;
  if (env.CI_JOB_URL) info.jobUrl = env.CI_JOB_URL;
  return info;
}
