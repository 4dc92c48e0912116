/**
 * Applies one project in one environment: objects in apply order with server-side
 * apply, then pruning (only when everything succeeded), then the stored inventory.
 * Every failure is collected per object; nothing is pruned after any failure.
 */
import { isRecord } from '../lib/is-record.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { objectRef } from '../render/objects/k8s-object.js';
import { RECREATE_ANNOTATION } from './annotations.js';
import { idOf, type Cluster, type ObjectId } from './cluster.js';
import { ConflictError, ImmutableFieldError } from './errors.js';
import type { Revision, StoredInventory, StoredObject } from './inventory-store.js';
import { deleteInventory, writeInventory } from './inventory-store.js';
import { idKey, ownedFieldsFingerprint, type LiveIndex } from './live-index.js';
import { isDriftConflict, planProject, type PlanOptions, type ProjectPlan, type Retirement } from './plan.js';
import { pollUntil } from '../lib/poll.js';
import { waitForObjects } from './wait.js';
import type { RevisionInfo } from './revision-info.js';

export interface ApplyOptions extends PlanOptions {
  dryRun?: boolean;
  /** Wait for workloads to roll out (ms); undefined means do not wait. */
  waitTimeoutMs?: number;
  onProgress?: (line: string) => void;
  forceConflicts?: boolean;
  revision?: RevisionInfo;
}

export interface ProjectResult {
  environment: string;
  project: string;
  noop: boolean;
  reason: string;
  created: string[];
  configured: string[];
  unchanged: string[];
  pruned: string[];
  kept: { ref: string; reason: string }[];
  failed: { ref: string; message: string; error?: unknown }[];
  /** Objects applied (as the server returned them), for --wait. */
  applied: K8sObject[];
  /** Set for a project that renders nothing on purpose (removed from the repository, or disabled here). */
  retired?: Retirement;
  /** Its stored inventory was deleted: nothing it deployed is left to track. */
  forgotten: boolean;
  /** Fields another manager had changed imperatively, taken back by this apply. */
  reclaimed: { ref: string; fields: ConflictError['conflicts'] }[];
}

export interface ProjectWork {
  environment: string;
  project: string;
  namespace: string;
  /** Rendered objects with secret values filled in. */
  objects: K8sObject[];
  desiredHash: string;
  images: string[];
  /** Versions of the secrets filled into `objects`, by name (recorded in the revision). */
  secretVersions?: Record<string, string>;
  stored: StoredInventory;
  /** The project renders nothing on purpose; `blocked` refuses its prunes (see planRemovals). */
  retirement?: { why: Retirement; blocked?: string };
}

/** A result with nothing done yet. */
export function newResult(environment: string, project: string, plan?: ProjectPlan): ProjectResult {
  const result: ProjectResult = {
    environment,
    project,
    noop: plan?.noop ?? false,
    reason: plan?.reason ?? 'failed',
    created: [],
    configured: [],
    unchanged: [],
    pruned: [],
    kept: plan?.kept ?? [],
    failed: [],
    applied: [],
    forgotten: false,
    reclaimed: [],
  };
  if (plan?.retired) result.retired = plan.retired;
  return result;
}

async function waitEstablished(cluster: Cluster, obj: K8sObject): Promise<void> {
  await pollUntil(
    async () => {
      const live = await cluster.get(idOf(obj));
      const conditions =
        isRecord(live?.status) && Array.isArray(live.status.conditions) ? (live.status.conditions as { type?: string; status?: string }[]) : [];
      return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    },
    { timeoutMs: 60_000, what: `${objectRef(obj)} to be Established` },
  );
}

async function recreate(cluster: Cluster, obj: K8sObject, force: boolean): Promise<K8sObject> {
  await cluster.delete(idOf(obj), { propagation: 'Foreground' });
  await pollUntil(async () => ((await cluster.get(idOf(obj))) === undefined ? true : undefined), {
    timeoutMs: 120_000,
    what: `${objectRef(obj)} to be deleted`,
  });
  return cluster.apply(obj, { force });
}

/** What one object's apply did beyond the plain apply. */
export interface AppliedObject {
  result: K8sObject;
  recreated: boolean;
  /** Fields taken back from managers that changed them imperatively (see isDriftConflict). */
  reclaimed?: ConflictError['conflicts'];
}

/** Plain apply; on a conflict that is drift, the fields are taken back; on an immutable field, recreate when opted in. */
export async function applyObject(cluster: Cluster, obj: K8sObject, options: Pick<ApplyOptions, 'dryRun' | 'forceConflicts'>): Promise<AppliedObject> {
  try {
    return { result: await cluster.apply(obj, { dryRun: options.dryRun, force: options.forceConflicts }), recreated: false };
  } catch (error) {
    if (error instanceof ConflictError && (await conflictIsDrift(cluster, obj, error))) {
      return { result: await cluster.apply(obj, { dryRun: options.dryRun, force: true }), recreated: false, reclaimed: error.conflicts };
    }
    const optedIn = obj.metadata.annotations?.[RECREATE_ANNOTATION] === 'true' && obj.kind !== 'PersistentVolumeClaim';
    if (!(error instanceof ImmutableFieldError) || !optedIn || options.dryRun) throw error;
    return { result: await recreate(cluster, obj, options.forceConflicts ?? false), recreated: true };
  }
}

async function conflictIsDrift(cluster: Cluster, obj: K8sObject, conflict: ConflictError): Promise<boolean> {
  const live = await cluster.get(idOf(obj));
  return isDriftConflict(
    conflict.conflicts.map((c) => c.manager),
    live?.metadata.managedFields,
  );
}

function nextRevision(work: ProjectWork, info: RevisionInfo | undefined): Revision {
  const previous = work.stored.revisions[0]?.number ?? 0;
  const revision: Revision = { number: previous + 1, hash: work.desiredHash, images: work.images, time: new Date().toISOString() };
  if (work.secretVersions && Object.keys(work.secretVersions).length > 0) revision.secrets = work.secretVersions;
  if (info?.commit) revision.commit = info.commit;
  if (info?.user) revision.user = info.user;
  if (info?.pipelineUrl) revision.pipelineUrl = info.pipelineUrl;
  if (info?.jobUrl) revision.jobUrl = info.jobUrl;
  return revision;
}

export async function applyProject(cluster: Cluster, work: ProjectWork, live: LiveIndex, options: ApplyOptions = {}): Promise<ProjectResult> {
  const plan = planProject(work.project, work.objects, work.desiredHash, work.stored, live, options, work.retirement);
  const result = newResult(work.environment, work.project, plan);
  if (plan.noop) {
    result.unchanged = work.objects.map((o) => objectRef(o));
    if (options.waitTimeoutMs !== undefined) {
      // Unchanged is not necessarily rolled out (an earlier run may have stopped waiting).
      result.failed.push(...(await waitForObjects(cluster, work.objects, { timeoutMs: options.waitTimeoutMs, onProgress: options.onProgress })));
    }
    return result;
  }
  const ids: ObjectId[] = work.objects.map(idOf);
  if (!options.dryRun && ids.length > 0) {
    // Remembered before applying, so objects created by a run that dies midway are still pruned later.
    const pending = [...new Map([...work.stored.pending, ...ids].map((id) => [idKey(id), id])).values()];
    await writeInventory(cluster, work.namespace, { ...work.stored, pending });
  }
  const fields = new Map<string, Pick<StoredObject, 'fields' | 'rv'>>();
  for (const obj of work.objects) {
    const ref = objectRef(obj);
    const before = live.get(idKey(idOf(obj)));
    try {
      const { result: applied, recreated, reclaimed } = await applyObject(cluster, obj, options);
      if (reclaimed) result.reclaimed.push({ ref, fields: reclaimed });
      result.applied.push(applied);
      const rv = applied.metadata.resourceVersion;
      fields.set(idKey(idOf(obj)), { fields: ownedFieldsFingerprint(applied), ...(typeof rv === 'string' ? { rv } : {}) });
      if (!before) result.created.push(ref);
      else if (recreated || before.resourceVersion !== applied.metadata.resourceVersion) result.configured.push(ref);
      else result.unchanged.push(ref);
      if (obj.kind === 'CustomResourceDefinition' && !options.dryRun) await waitEstablished(cluster, obj);
    } catch (error) {
      result.failed.push({ ref, message: (error as Error).message, error });
    }
  }
  if (options.dryRun) {
    // What the real run would prune (or why it would refuse to), deleting nothing.
    if (result.failed.length === 0 && plan.pruneBlocked) result.failed.push({ ref: `${work.environment}/${work.project}`, message: plan.pruneBlocked });
    else if (result.failed.length === 0) result.pruned.push(...plan.prune.map((candidate) => candidate.ref));
    return result;
  }
  if (result.failed.length > 0) return result; // no pruning, inventory keeps `pending`
  if (plan.pruneBlocked) {
    result.failed.push({ ref: `${work.environment}/${work.project}`, message: plan.pruneBlocked });
  } else {
    for (const candidate of plan.prune) {
      try {
        if (await cluster.delete(candidate.id)) result.pruned.push(candidate.ref);
      } catch (error) {
        result.failed.push({ ref: candidate.ref, message: (error as Error).message, error });
      }
    }
  }
  // Still ours but left alone (protected, refused, or whose delete failed): keep tracking it.
  const failedPrunes = plan.prune.filter((p) => result.failed.some((f) => f.ref === p.ref)).map((p) => p.id);
  if (plan.forget && failedPrunes.length === 0 && !plan.pruneBlocked) {
    await deleteInventory(cluster, work.namespace, work.project);
    result.forgotten = true;
    return result;
  }
  const kept = new Map(
    [...plan.keepTracking, ...failedPrunes].map((id) => [
      idKey(id),
      { apiVersion: id.apiVersion, kind: id.kind, name: id.name, ...(id.namespace ? { namespace: id.namespace } : {}) },
    ]),
  );
  const objects: StoredObject[] = [...work.objects.map((o) => ({ ...idOf(o), ...fields.get(idKey(idOf(o))) })), ...kept.values()];
  if (plan.retired) {
    // No hash: a retired project that comes back is deployed again, never a no-op.
    const { hash: _hash, ...rest } = work.stored;
    await writeInventory(cluster, work.namespace, { ...rest, objects, pending: [] });
    return result;
  }
  const changed = work.stored.hash !== work.desiredHash;
  const revisions = changed ? [nextRevision(work, options.revision), ...work.stored.revisions] : work.stored.revisions;
  await writeInventory(cluster, work.namespace, { ...work.stored, hash: work.desiredHash, objects, pending: [], revisions });
  if (options.waitTimeoutMs !== undefined && result.failed.length === 0) {
    result.failed.push(...(await waitForObjects(cluster, result.applied, { timeoutMs: options.waitTimeoutMs, onProgress: options.onProgress })));
  }
  return result;
}
