/**
 * The pinned reference Python (Jinja2, PyYAML with LibYAML, the suite's tools) that tests,
 * the Jinja2 suite and bench:render compare with: the interpreter of the virtual environment
 * scripts/python-env makes from requirements-dev.txt. The one place that asks for it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./python-env', import.meta.url));

/** Runs scripts/python-env (which makes the environment the first time) and returns the interpreter's path. */
export function makeReferencePython() {
  return execFileSync(SCRIPT, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

let cached;

/** The interpreter: DEPLOYMENT_ALL_PYTHON when the test setup already made it, else makeReferencePython(); asked once per process. */
export function referencePython() {
  cached ??= process.env.DEPLOYMENT_ALL_PYTHON || makeReferencePython();
  return cached;
}
