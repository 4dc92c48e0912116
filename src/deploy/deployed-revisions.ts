/** The newest revision of every project deployed in some environments, read from their stored inventories (for `secrets --versions`). */
import type { EnvironmentDef } from '../render/inventory.js';
import { openEnvironments, type ClusterOptions } from './environment.js';
import { NamespaceMissingError } from './errors.js';
import type { Revision } from './inventory-store.js';

export interface DeployedRevision {
  project: string;
  revision: Revision;
}

/** By environment name. An environment whose namespace does not exist has nothing deployed; a retired project (no hash) is left out. */
export async function readDeployedRevisions(options: ClusterOptions, environments: readonly EnvironmentDef[]): Promise<Map<string, DeployedRevision[]>> {
  const result = new Map<string, DeployedRevision[]>();
  for (const environment of environments) {
    let opened;
    try {
      [opened] = await openEnvironments(options, [environment], false);
    } catch (error) {
      if (!(error instanceof NamespaceMissingError)) throw error;
    }
    opened?.cluster.close();
    const latest: DeployedRevision[] = [];
    for (const inventory of opened?.stored.values() ?? []) {
      const revision = inventory.revisions[0];
      if (inventory.hash !== undefined && revision) latest.push({ project: inventory.project, revision });
    }
    result.set(environment.name, latest);
  }
  return result;
}
