/** Where a repository's templates are looked up. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The macros shipped with deployment-all; a repository's own templates/ come first and may override them. */
export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Template search path of a repository: its templates/, then the bundled ones. */
export function templateSearchPath(root: string): string[] {
  const own = join(root, 'templates');
  return resolve(own) === resolve(BUNDLED_TEMPLATES) ? [own] : [own, BUNDLED_TEMPLATES];
}
