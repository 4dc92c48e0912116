/**
 * A repository's inventory and project folders, loaded once per command: the callers
 * resolve their targets with them and hand them to the render, which would read them again.
 */
import { loadInventory, type Inventory } from './inventory.js';
import { listProjects, type ProjectListing } from './projects.js';

export interface LoadedRepository {
  inventory: Inventory;
  listing: ProjectListing;
}

export function loadRepository(root: string): LoadedRepository {
  return { inventory: loadInventory(root), listing: listProjects(root) };
}

/** The names of the repository's environments and projects, as target resolution takes them. */
export function repositoryNames(loaded: LoadedRepository): { environments: string[]; projects: string[] } {
  return { environments: loaded.inventory.environments.map((e) => e.name), projects: loaded.listing.projects.map((p) => p.name) };
}
