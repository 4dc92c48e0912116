/** gitlab-ci-local (the pinned devDependency) run on a test's repository with the shell executor. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../helpers/fixture-repo.js';

const GITLAB_CI_LOCAL = join(REPOSITORY_ROOT, 'node_modules/.bin/gitlab-ci-local');

export interface GitlabCiLocalRun {
  code: number;
  output: string;
}

/**
 * Runs gitlab-ci-local in `cwd` with `args` (jobs, --variable ...), the jobs seeing `env`.
 * A run that hangs is killed after `timeoutMs` (4 minutes), so the failure shows its output
 * instead of a bare test timeout.
 */
export function gitlabCiLocal(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<GitlabCiLocalRun> {
  const all = [...args, '--shell-executor-no-image', '--force-shell-executor', '--concurrency', '4'];
  return new Promise((resolve) => {
    execFile(
      GITLAB_CI_LOCAL,
      all,
      { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

/**
 * The job results gitlab-ci-local prints at the end: "PASS  name" or "FAIL  name" ("[trigger] -> name" in a child pipeline),
 * followed by "50% coverage" for a job with a coverage regex (see jobCoverage).
 */
export function jobResults(output: string): Record<string, string> {
  return Object.fromEntries([...output.matchAll(/^ (PASS|FAIL) +(?:\[\S+\] -> )?(\S.*?)(?: +[\d.]+% coverage)?\s*$/gm)].map((m) => [m[2] ?? '', m[1] ?? '']));
}

/** The coverage gitlab-ci-local found in a job's log with the job's `coverage:` regex, as GitLab shows it. */
export function jobCoverage(output: string, job: string): number | undefined {
  const line = output.split('\n').find((l) => new RegExp(`^ (PASS|FAIL) +${job.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +[\\d.]+% coverage`).test(l));
  const value = line === undefined ? undefined : /([\d.]+)% coverage/.exec(line)?.[1];
  return value === undefined ? undefined : Number(value);
}
