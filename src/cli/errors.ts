/** The one place that turns errors into messages and exit codes. */
import { DeploymentAllError, ProblemsError, formatProblem } from '../lib/errors.js';
import type { Io } from './output.js';

export function reportError(error: unknown, io: Io): number {
  const { paint } = io;
  if (error instanceof ProblemsError) {
    const count = error.problems.length;
    io.stderr(`${paint.red('error:')} ${count} problem${count === 1 ? '' : 's'}; nothing was written or applied\n`);
    for (const problem of error.problems) io.stderr(`  ${formatProblem(problem)}\n`);
    return error.exitCode;
  }
  if (error instanceof DeploymentAllError) {
    io.stderr(`${paint.red('error:')} ${error.message}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`${paint.red('internal error')} (this is a bug in deployment-all; please report it):\n${detail}\n`);
  return 1;
}
