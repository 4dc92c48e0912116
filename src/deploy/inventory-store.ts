/**
 * The stored inventory of a project in an environment: a ConfigMap in the
 * environment's namespace recording what we applied, the hash of the render, and
 * the revisions (commit, images, time, user, pipeline). It is what pruning trusts,
 * and what `history` and `rollback` read.
 */
import { DeploymentAllError } from '../lib/errors.js';
import { isRecord } from '../lib/is-record.js';
import { ENVIRONMENT_LABEL, MANAGED_BY, PROJECT_LABEL } from '../render/model/labels.js';
import { objectRef, type K8sObject } from '../render/objects/k8s-object.js';
import { INVENTORY_LABEL } from './annotations.js';
import type { Cluster, ObjectId } from './cluster.js';
import { projectSelector, type ProjectScope } from './live-index.js';

/** How many earlier revisions are kept. */
export const REVISIONS_KEPT = 20;

export interface StoredObject extends ObjectId {
  /** Fingerprint of the fields we own after the last apply (drift detection). */
  fields?: string;
  /** The object's resourceVersion after the last apply: while the live one is the same, nothing changed and no fingerprint is needed. */
  rv?: string;
}

export interface Revision {
  /** Increasing number, 1 for the first deploy. */
  number: number;
  hash: string;
  commit?: string;
  images: string[];
  /** The version of each secret deployed, by catalogue name (Vault KV v2 version, or the file's content hash prefix); never values. */
  secrets?: Record<string, string>;
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

/** A stored inventory ConfigMap whose data cannot be read (edited by hand, truncated). */
export class InventoryCorruptError extends DeploymentAllError {
  override readonly name = 'InventoryCorruptError';
  constructor(
    readonly project: string,
    readonly ref: string,
    field: string,
    problem: string,
  ) {
    super(
      `${ref}: data.${field}: ${problem}; the stored inventory of ${project} cannot be read: repair the ConfigMap, or delete it and redeploy (its history is then lost)`,
    );
  }
}

function parseList<T>(text: unknown, field: string, project: string, ref: string): T[] {
  if (text === undefined || text === '') return [];
  if (typeof text !== 'string') throw new InventoryCorruptError(project, ref, field, 'not a string');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InventoryCorruptError(project, ref, field, `not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw new InventoryCorruptError(project, ref, field, 'not a JSON list');
  return value as T[];
}

function fromConfigMap(cm: K8sObject): StoredInventory | undefined {
  const labels = cm.metadata.labels ?? {};
  const project = labels[PROJECT_LABEL];
  const environment = labels[ENVIRONMENT_LABEL];
  const data = isRecord(cm.data) ? cm.data : {};
  if (!project || !environment) return undefined;
  const ref = objectRef(cm);
  return {
    project,
    environment,
    hash: typeof data.hash === 'string' && data.hash !== '' ? data.hash : undefined,
    objects: parseList<StoredObject>(data.objects, 'objects', project, ref),
    pending: parseList<ObjectId>(data.pending, 'pending', project, ref),
    revisions: parseList<Revision>(data.revisions, 'revisions', project, ref),
  };
}

/** The stored inventories of an environment's namespace by project, and those that cannot be read. One request. */
export async function readInventoriesTolerant(
  cluster: Cluster,
  namespace: string,
  environment: string,
  projects?: ProjectScope,
): Promise<{ stored: Map<string, StoredInventory>; corrupt: InventoryCorruptError[] }> {
  const items = await cluster.list('v1', 'ConfigMap', namespace, `${INVENTORY_LABEL}=true,${ENVIRONMENT_LABEL}=${environment}${projectSelector(projects)}`);
  const stored = new Map<string, StoredInventory>();
  const corrupt: InventoryCorruptError[] = [];
  for (const item of items) {
    try {
      const inventory = fromConfigMap(item);
      if (inventory) stored.set(inventory.project, inventory);
    } catch (error) {
      if (!(error instanceof InventoryCorruptError)) throw error;
      corrupt.push(error);
    }
  }
  return { stored, corrupt };
}

/** Every stored inventory of an environment's namespace, by project. One request. Throws InventoryCorruptError for one that cannot be read. */
export async function readInventories(
  cluster: Cluster,
  namespace: string,
  environment: string,
  projects?: ProjectScope,
): Promise<Map<string, StoredInventory>> {
  const { stored, corrupt } = await readInventoriesTolerant(cluster, namespace, environment, projects);
  if (corrupt[0]) throw corrupt[0];
  return stored;
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
