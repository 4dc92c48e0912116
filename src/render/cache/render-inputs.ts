/**
 * Fingerprints of everything one project-environment's render reads, for the render
 * cache's keys. Deliberately coarse, so that a key can never miss an input: every file
 * of the inventory and of the template search path (any template may be reached by an
 * include), every file of the project's folder, and the code that renders.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Nunjucks' `random` filter makes a render differ from one run to the next; a project
 * whose templates may call it is never cached (a repeat would freeze one draw).
 */
const NONDETERMINISTIC = /\|\s*random\b/;

export interface FolderDigest {
  /** sha256 over the files' relative paths and contents. */
  digest: string;
  /** Some file may make renders differ between runs. */
  nondeterministic: boolean;
}

/** Adds every file under `dir` (sorted, recursively) to `hash`; a folder that does not exist counts as absent. */
function hashFolder(hash: Hash, dir: string, prefix: string, state: { nondeterministic: boolean }): void {
  if (!existsSync(dir)) {
    hash.update(`absent ${prefix}\0`);
    return;
  }
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const name = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) hashFolder(hash, path, name, state);
    else {
      const content = readFileSync(path);
      if (!state.nondeterministic && NONDETERMINISTIC.test(content.toString('latin1'))) state.nondeterministic = true;
      hash.update(`${name}\0${content.length}\0`).update(content);
    }
  }
}

/** One digest over the given folders (each named by its position, so moving a file between them counts). */
export function foldersDigest(folders: readonly string[], salt = ''): FolderDigest {
  const hash = createHash('sha256').update(salt);
  const state = { nondeterministic: false };
  folders.forEach((dir, i) => hashFolder(hash, dir, String(i), state));
  return { digest: hash.digest('hex'), nondeterministic: state.nondeterministic };
}

/** The cache key of one project-environment. */
export function pairKey(repositoryDigest: string, projectDigest: string, environment: string, project: string): string {
  return createHash('sha256').update(`${repositoryDigest}\0${projectDigest}\0${environment}\0${project}`).digest('hex');
}
