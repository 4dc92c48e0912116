/**
 * Typed errors shared by every part. The CLI maps them to exit statuses in one place
 * (src/cli/errors.ts): a UsageError is 2, any other DeploymentAllError is the
 * command's failure (1), anything else is a bug.
 */

/** Where a problem is: a file, optionally a line and a YAML path inside it. */
export interface Location {
  /** Path relative to the deployment repository root when possible. */
  file: string;
  line?: number;
  /** Dotted YAML path, e.g. `deployment.variables[2]`. */
  path?: string;
  /** True when `line` counts lines of the rendered template, not of its source. */
  renderedLine?: boolean;
}

/** One thing wrong with the input, with where it is. */
export interface Problem extends Location {
  message: string;
}

/** Base class: an expected failure with a message meant for the user. */
export class DeploymentAllError extends Error {
  override readonly name: string = 'DeploymentAllError';
}

/**
 * The command line itself is wrong: a bad option value, or a target or --env naming
 * an environment or project the repository does not have. Exit status 2.
 */
export class UsageError extends DeploymentAllError {
  override readonly name = 'UsageError';
}

/** A setting (environment variable, duration, option) that cannot be understood; the message names where it came from. */
export class ConfigError extends DeploymentAllError {
  override readonly name = 'ConfigError';
}

/** Formats a location as `file:line: path:` for messages. */
export function formatLocation(loc: Location): string {
  let text = loc.file;
  if (loc.line !== undefined) text += `:${loc.line}`;
  if (loc.path) text += `: ${loc.path}`;
  if (loc.line !== undefined && loc.renderedLine) text += ` (line of the rendered template)`;
  return text;
}

/** Formats one problem as a single line. */
export function formatProblem(problem: Problem): string {
  return `${formatLocation(problem)}: ${problem.message}`;
}

/**
 * Every problem found in one run, collected before failing, so the user fixes them
 * all at once instead of one per run.
 */
export class ProblemsError extends DeploymentAllError {
  override readonly name = 'ProblemsError';
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const count = problems.length;
    super(`${count} problem${count === 1 ? '' : 's'} found:\n` + problems.map((p) => `  ${formatProblem(p)}`).join('\n'));
    this.problems = problems;
  }
}
