/**
 * The render as commands run it: the project-environments the render cache holds are
 * read from it, and only when some are not is the full render (render-repository.ts,
 * with the template engine and the project vars' validator: most of a cold command's
 * start-up) loaded, for those alone. The same result as the full render of all.
 */
import type { CachedPair } from './cache/render-cache.js';
import { cacheKeys } from './cache/cache-keys.js';
import { loadRepository } from './load-repository.js';
import type { ProjectSource } from './projects.js';
import type { RenderedProject, RenderOptions, RenderResult } from './render-repository.js';
import { selectTargets, type Selection } from './targets.js';

export async function renderWithCache(options: RenderOptions): Promise<RenderResult> {
  const loaded = options.loaded ?? loadRepository(options.root);
  const { inventory, listing } = loaded;
  // Problems in the project listing: the full render reports them.
  if (!options.cache || listing.problems.length > 0) return (await import('./render-repository.js')).renderRepository({ ...options, loaded });
  const byName = new Map<string, ProjectSource>(listing.projects.map((p) => [p.name, p]));
  const selections =
    options.selections ??
    selectTargets(
      options.targets ?? [],
      inventory.environments.map((e) => e.name),
      [...byName.keys()],
    );
  const keys = cacheKeys(options.cache, options.root, options.monitoring !== false);
  const hits = new Map<string, CachedPair>();
  const misses: Selection[] = [];
  for (const selection of selections) {
    const key = keys(byName.get(selection.project) as ProjectSource, selection.environment);
    const hit = key === undefined ? undefined : options.cache.get(key);
    if (hit) hits.set(pairName(selection), hit);
    else misses.push(selection); // VM groups are never stored: they always go this way
  }
  const full = misses.length === 0 ? undefined : (await import('./render-repository.js')).renderRepository({ ...options, loaded, selections: misses });
  // Each pair's render (undefined: disabled), put in the order of the selection as the full render does.
  const outcome = new Map<string, RenderedProject | undefined>();
  for (const [name, hit] of hits) outcome.set(name, 'rendered' in hit ? hit.rendered : undefined);
  for (const rendered of full?.rendered ?? []) outcome.set(pairName(rendered), rendered);
  for (const disabled of full?.disabled ?? []) outcome.set(pairName(disabled), undefined);
  const result: RenderResult = {
    inventory,
    rendered: [],
    disabled: [],
    vmGroups: full?.vmGroups ?? [],
    ansible: full?.ansible ?? new Map(),
    cached: hits.size + (full?.cached ?? 0),
  };
  for (const selection of selections) {
    const name = pairName(selection);
    if (!outcome.has(name)) continue; // a VM group: in vmGroups
    const rendered = outcome.get(name);
    if (rendered) result.rendered.push(rendered);
    else result.disabled.push(selection);
  }
  return result;
}

const pairName = (pair: Selection): string => `${pair.environment}/${pair.project}`;
