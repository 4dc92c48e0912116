/**
 * The Python interpreter that the differential tests compare our engine with: the virtual
 * environment of requirements-dev.txt (pinned Jinja2 and PyYAML), made by scripts/python-env.
 * The unit project's global setup makes it once and passes its path in
 * DEPLOYMENT_ALL_PYTHON; a test file run on its own asks the script (fast once made).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/python-env', import.meta.url));

let cached: string | undefined;

export function referencePython(): string {
  cached ??= process.env.DEPLOYMENT_ALL_PYTHON || execFileSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return cached;
}

/** For the global setup: the interpreter's path, made first if needed. */
export function ensureReferencePython(): string {
  return execFileSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}
