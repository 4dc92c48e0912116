import { makeReferencePython } from '../../scripts/reference-python.mjs';

/**
 * Global setup of the unit project: the pinned reference Jinja2 (scripts/python-env) is made
 * before any test runs, so its first install (tens of seconds) never counts against a test's
 * timeout, and every worker inherits its path.
 */
export default function setup(): void {
  process.env.DEPLOYMENT_ALL_PYTHON = makeReferencePython();
}
