import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';

/** Newest modification time of a file under `dir`. */
function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/**
 * Global setup of both projects: the tests that start `./deployment-all` as a process run
 * the built CLI (dist/cli-bundle/), so it is built once, before any test, when a source is
 * newer than the last build (`npm ci` built it on a fresh clone; a developer may have
 * edited src/ since). Never while tests run: a CLI starting during a build would miss it.
 */
export default function setup(): void {
  const built = join(REPOSITORY_ROOT, 'dist/cli-bundle/code-version.txt');
  const inputs = ['src', 'scripts/build-cli.mjs', 'package-lock.json', 'tsconfig.build.json'].map((p) => join(REPOSITORY_ROOT, p));
  const newestInput = Math.max(...inputs.map((p) => (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs)));
  if (existsSync(built) && statSync(built).mtimeMs >= newestInput) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPOSITORY_ROOT, stdio: 'inherit' });
}
