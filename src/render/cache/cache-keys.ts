/** The render cache key of each project-environment (render-inputs.ts says what goes into it). */
import { join } from 'node:path';
import type { ProjectSource } from '../projects.js';
import { templateSearchPath } from '../template-path.js';
import type { RenderCache } from './render-cache.js';
import { foldersDigest, pairKey } from './render-inputs.js';

/**
 * The cache key of each project-environment, or undefined for one whose templates may
 * draw random numbers. (VM groups are never stored: their Ansible output is rendered with
 * every run.) The repository's part is hashed once, each project's folder once.
 */
export function cacheKeys(cache: RenderCache, root: string, monitoring: boolean): (project: ProjectSource, environment: string) => string | undefined {
  const repository = foldersDigest([join(root, 'inventory'), ...templateSearchPath(root)], `${cache.salt}monitoring=${monitoring}\0`);
  const projects = new Map<string, string | undefined>();
  return (project, environment) => {
    if (repository.nondeterministic) return undefined;
    let digest = projects.get(project.name);
    if (!projects.has(project.name)) {
      const folder = foldersDigest([join(root, project.dir)]);
      digest = folder.nondeterministic ? undefined : folder.digest;
      projects.set(project.name, digest);
    }
    return digest === undefined ? undefined : pairKey(repository.digest, digest, environment, project.name);
  };
}
