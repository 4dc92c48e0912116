/**
 * The stored inventory of a project in an environment: a ConfigMap in the
 * environment's namespace recording what we applied, the hash of the render, and
 * the revisions (commit, images, time, user, pipeline). It is what pruning trusts,
 * and what `history` and `rollback` read.
 */
import { isRecord } from '../lib/is-record.js';
import { ENVIRONMENT_LABEL, MANAGED_BY, PROJECT_LABEL } from '../render/model/labels.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { INVENTORY_LABEL } from './annotations.js';
import type { Cluster, ObjectId } from './cluster.js';

/** How many earlier revisions are kept. */
export const REVISIONS_KEPT = 20;

export interface StoredObject extends ObjectId {
  /** Fingerprint of the fields we own after the last apply (drift detection). */
  fields?: string;
}

export interface Revision {
  /** Increasing number, 1 for the first deploy. */
  number: number;
  hash: string;
  commit?: string;
  images: string[];
  time: string;
  user?: string;
  pipelineUrl?: string;
  jobUrl?: string;
}

export interface StoredInventory {
  project: string;
  environment: string;
  /** Hash of the render plus the secret values at the last successful apply. */
  hash?: string;
  objects: StoredObject[];
  /** Objects a started apply may have created; pruned like the rest if no longer rendered. */
  pending: ObjectId[];
  /** Newest first. */
  revisions: Revision[];
}

export function inventoryName(project: string): string {
  return `deployment-all.${project}`;
}

function parseList<T>(text: unknown): T[] {
  if (typeof text !== 'string' || text === '') return [];
  const value = JSON.parse(text) as unknown;
  return Array.isArray(value) ? (value as T[]) : [];
}

function fromConfigMap(cm: K8sObject): StoredInventory | undefined {
  const labels = cm.metadata.labels ?? {};
  const project = labels[PROJECT_LABEL];
  const environment = labels[ENVIRONMENT_LABEL];
  const data = isRecord(cm.data) ? cm.data : {};
  if (!project || !environment) return undefined;
  return {
    project,
    environment,
    hash: typeof data.hash === 'string' && data.hash !== '' ? data.hash : undefined,
    objects: parseList<StoredObject>(data.objects),
    pending: parseList<ObjectId>(data.pending),
    revisions: parseList<Revision>(data.revisions),
  };
}

/** Every stored inventory of an environment's namespace, by project. One request. */
export async function readInventories(cluster: Cluster, namespace: string, environment: string): Promise<Map<string, StoredInventory>> {
  const items = await cluster.list('v1', 'ConfigMap', namespace, `${INVENTORY_LABEL}=true,${ENVIRONMENT_LABEL}=${environment}`);
  const result = new Map<string, StoredInventory>();
  for (const item of items) {
    const inventory = fromConfigMap(item);
    if (inventory) result.set(inventory.project, inventory);
  }
  return result;
}

export function emptyInventory(project: string, environment: string): StoredInventory {
  return { project, environment, objects: [], pending: [], revisions: [] };
}

/** Writes the whole inventory (server-side apply, so it is one atomic update). */
export async function writeInventory(cluster: Cluster, namespace: string, inventory: StoredInventory): Promise<void> {
  await cluster.apply(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: inventoryName(inventory.project),
        namespace,
        labels: {
          [INVENTORY_LABEL]: 'true',
          [PROJECT_LABEL]: inventory.project,
          [ENVIRONMENT_LABEL]: inventory.environment,
          'app.kubernetes.io/managed-by': MANAGED_BY,
        },
      },
      data: {
        hash: inventory.hash ?? '',
        objects: JSON.stringify(inventory.objects),
        pending: JSON.stringify(inventory.pending),
        revisions: JSON.stringify(inventory.revisions.slice(0, REVISIONS_KEPT)),
      },
    },
    { force: true },
  );
}

/** Deletes a project's inventory (a retired project with nothing left to track). */
export async function deleteInventory(cluster: Cluster, namespace: string, project: string): Promise<void> {
  await cluster.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: inventoryName(project), namespace });
}
