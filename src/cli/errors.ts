/**
 * The one place that turns errors into messages and exit statuses:
 * 0 done (and --help, --version); 2 the command line is wrong (commander's own
 * errors, a UsageError: a bad option value, a target or --env naming an environment
 * or project the repository does not have); any other failure is the command's
 * failure status, 1 (2 for `diff`, whose 1 means "changes").
 */
import { CommanderError } from 'commander';
import { DeploymentAllError, ProblemsError, UsageError, formatProblem } from '../lib/errors.js';
import type { Io } from './output.js';

export const USAGE_STATUS = 2;

export function reportError(error: unknown, io: Io, failureStatus = 1): number {
  const { paint } = io;
  // Commander has printed its message already (or the help, for --help and --version: status 0).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_STATUS;
  if (error instanceof UsageError) {
    io.stderr(`${paint.red('error:')} ${error.message}\n(run with --help for usage)\n`);
    return USAGE_STATUS;
  }
  if (error instanceof ProblemsError) {
    const count = error.problems.length;
    io.stderr(`${paint.red('error:')} ${count} problem${count === 1 ? '' : 's'}; nothing was written or applied\n`);
    for (const problem of error.problems) io.stderr(`  ${formatProblem(problem)}\n`);
    return failureStatus;
  }
  if (error instanceof DeploymentAllError) {
    io.stderr(`${paint.red('error:')} ${error.message}\n`);
    return failureStatus;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`${paint.red('internal error')} (this is a bug in deployment-all; please report it):\n${detail}\n`);
  return failureStatus;
}
