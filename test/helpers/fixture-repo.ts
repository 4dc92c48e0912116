/** Temporary deployment repositories built from a fixture plus an inline file tree. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Copies `fixtures/<base>` to a temp folder, then writes (string) or deletes (null) files. */
export function makeRepo(base: string, files: Record<string, string | null> = {}): string {
  const root = mkdtempSync(join(tmpdir(), `deployment-all-${base}-`));
  cpSync(join(FIXTURES, base), root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    if (content === null) rmSync(full, { recursive: true, force: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      // Secrets files are private, as the local secrets backend expects.
      writeFileSync(full, content, { mode: basename(full) === 'secrets.yml' ? 0o600 : 0o644 });
    }
  }
  return root;
}
