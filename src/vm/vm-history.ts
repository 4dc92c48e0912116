/**
 * `history` with VM groups: a VM group's revisions are on its hosts, not in a stored
 * inventory, so its selections are read there (read-revisions.ts) and the stored
 * inventories only for the Kubernetes projects; a target naming VM groups alone opens
 * no cluster.
 */
import { readHistory, type ProjectHistory } from '../deploy/history.js';
import type { DeployOptions } from '../deploy/deploy.js';
import { loadRepository, repositoryNames } from '../render/load-repository.js';
import { renderRepository, type RenderResult } from '../render/render-repository.js';
import { DeploymentAllError } from '../lib/errors.js';
import { resolveTargets, type Selection } from '../render/targets.js';
import { readVmRevisions, type VmGroupRevisions } from './read-revisions.js';

export interface Histories {
  projects: ProjectHistory[];
  vmGroups: VmGroupRevisions[];
  /** The checkout could not be rendered: VM groups were not read (the stored inventories still were). */
  renderError?: string;
}

const key = (s: Selection): string => `${s.environment}/${s.project}`;

export async function readHistories(options: Pick<DeployOptions, 'root' | 'targets' | 'clusterFor' | 'context'>): Promise<Histories> {
  const loaded = loadRepository(options.root);
  const { environments, projects: names } = repositoryNames(loaded);
  const targets = resolveTargets(options.targets ?? [], environments, names);
  let render: RenderResult;
  try {
    render = renderRepository({ root: options.root, selections: targets.selections, loaded });
  } catch (error) {
    // As before VM groups existed, a broken project elsewhere does not hide the stored history.
    if (!(error instanceof DeploymentAllError)) throw error;
    return { projects: await readHistory(options, loaded), vmGroups: [], renderError: error.message };
  }
  // Kubernetes projects render objects or are disabled; a VM group does neither.
  const kubernetes = new Set([...render.rendered, ...render.disabled].map(key));
  const needCluster = targets.wholeEnvironments.length > 0 || targets.absent.length > 0 || targets.selections.some((s) => kubernetes.has(key(s)));
  const [projects, vmGroups] = await Promise.all([
    needCluster ? readHistory(options, loaded).then((list) => list.filter((h) => h.removed || kubernetes.has(key(h)))) : Promise.resolve([]),
    readVmRevisions(render),
  ]);
  return { projects, vmGroups };
}
