/**
 * The render as commands run it: from the render cache alone when it holds every
 * selected project-environment, without loading the template engine or the project
 * vars' validator (most of a cold command's start-up); else the full render
 * (render-repository.ts), loaded then. Either way the same result.
 */
import type { RenderCache } from './cache/render-cache.js';
import { cacheKeys } from './cache/cache-keys.js';
import { loadRepository, type LoadedRepository } from './load-repository.js';
import type { ProjectSource } from './projects.js';
import type { RenderOptions, RenderResult } from './render-repository.js';
import { selectTargets } from './targets.js';

export async function renderWithCache(options: RenderOptions): Promise<RenderResult> {
  const loaded = options.loaded ?? loadRepository(options.root);
  const served = options.cache ? fromCache(options, options.cache, loaded) : undefined;
  if (served) return served;
  const { renderRepository } = await import('./render-repository.js');
  return renderRepository({ ...options, loaded });
}

/** The render, when the cache holds every selected pair; undefined at the first it does not. */
function fromCache(options: RenderOptions, cache: RenderCache, { inventory, listing }: LoadedRepository): RenderResult | undefined {
  if (listing.problems.length > 0) return undefined; // the full render reports them
  const byName = new Map<string, ProjectSource>(listing.projects.map((p) => [p.name, p]));
  const environments = inventory.environments.map((e) => e.name);
  const selections = options.selections ?? selectTargets(options.targets ?? [], environments, [...byName.keys()]);
  const keys = cacheKeys(cache, options.root, options.monitoring !== false);
  const result: RenderResult = { inventory, rendered: [], disabled: [], vmGroups: [], ansible: new Map(), cached: 0 };
  for (const { environment, project } of selections) {
    const key = keys(byName.get(project) as ProjectSource, environment);
    const hit = key === undefined ? undefined : cache.get(key);
    if (!hit) return undefined; // VM groups are never stored: they always go this way
    if ('disabled' in hit) result.disabled.push({ environment, project });
    else result.rendered.push(hit.rendered);
    result.cached++;
  }
  return result;
}
