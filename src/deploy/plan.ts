/**
 * Pure planning of a deploy: is a project a no-op, what may be pruned, which
 * projects no longer in the repository are retired, and what to do about an
 * environment's namespace. The safety rules live here, where they are easy to read
 * and to test: only objects we applied before (stored inventory), still labelled as
 * ours, never PVCs, Namespaces or CRDs without an opt-in annotation, never on an
 * empty render or a mass deletion without an explicit flag.
 */
import { MANAGED_BY, MANAGED_BY_LABEL, PROJECT_LABEL } from '../render/model/labels.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { PRUNE_ANNOTATION } from './annotations.js';
import { idOf, idRef, type ObjectId } from './cluster.js';
import type { StoredInventory } from './inventory-store.js';
import { idKey, type LiveIndex } from './live-index.js';

/** Kinds whose loss is unrecoverable (data, everything inside, every custom object). */
export const PROTECTED_KINDS: ReadonlySet<string> = new Set(['PersistentVolumeClaim', 'Namespace', 'CustomResourceDefinition']);

export interface PlanOptions {
  /** Apply even when nothing changed. */
  force?: boolean;
  /** Allow pruning on an empty render or of more than half of a project's (or an environment's) objects. */
  allowMassPrune?: boolean;
}

/**
 * Why a project that has a stored inventory renders nothing on purpose: its folder
 * is gone from projects/, or it is disabled in this environment. Both are explicit
 * intent: everything it deployed is pruned (by the usual rules) and its inventory
 * deleted once nothing it tracks is left.
 */
export type Retirement = 'removed' | 'disabled';

export interface PruneDecision {
  id: ObjectId;
  ref: string;
}

export interface ProjectPlan {
  /** Nothing changed since the last apply and nothing drifted. */
  noop: boolean;
  /** Why it is not a no-op (for the log). */
  reason: string;
  prune: PruneDecision[];
  /** Candidates left alone, with why. */
  kept: { ref: string; reason: string }[];
  /** Candidates that stay in the inventory: still ours (protected kinds, or all of them when pruning is refused). */
  keepTracking: ObjectId[];
  /** Set when pruning as a whole is refused; the run reports it as a failure. */
  pruneBlocked?: string;
  /** Set for a retired project: nothing is applied, only pruned. */
  retired?: Retirement;
  /** A retired project whose inventory is deleted once the prunes succeed (nothing left to track). */
  forget: boolean;
}

function noopReason(objects: K8sObject[], desiredHash: string, stored: StoredInventory, live: LiveIndex, force: boolean): string | undefined {
  if (force) return 'forced';
  if (stored.hash === undefined) return 'first deploy';
  if (stored.hash !== desiredHash) return 'changed';
  if (stored.pending.length > 0) return 'an earlier run did not finish';
  const [first] = driftOf(objects.map(idOf), stored, live, 1);
  return first && `drift: ${first.ref} ${first.why === 'missing' ? 'is missing' : 'was changed by someone else'}`;
}

/** An object whose live state is not what our last apply left. */
export interface DriftedObject {
  ref: string;
  /** `missing`: deleted behind our back; `changed`: a field we own was changed or taken by another manager. */
  why: 'missing' | 'changed';
}

/**
 * Which of `ids` (by default every object the inventory recorded with a fingerprint)
 * differ live from what the last apply left, comparing the fingerprints of the fields
 * we own: the no-op check of apply, and the drift verdict of `status`. Stops after `max`.
 */
export function driftOf(ids: readonly ObjectId[] | undefined, stored: StoredInventory, live: LiveIndex, max = Number.POSITIVE_INFINITY): DriftedObject[] {
  const byKey = new Map(stored.objects.map((o) => [idKey(o), o]));
  const drifted: DriftedObject[] = [];
  for (const id of ids ?? stored.objects.filter((o) => o.fields !== undefined)) {
    if (drifted.length >= max) break;
    const current = live.get(idKey(id));
    const last = byKey.get(idKey(id));
    if (!current) drifted.push({ ref: idRef(id), why: 'missing' });
    // Not written since our apply: unchanged, without computing its fingerprint.
    else if (last?.rv !== undefined && current.resourceVersion === last.rv) continue;
    else if (current.fields !== last?.fields) drifted.push({ ref: idRef(id), why: 'changed' });
  }
  return drifted;
}

/** Objects the inventory knows about, applied or pending. */
function tracked(stored: StoredInventory): number {
  return new Set([...stored.objects, ...stored.pending].map(idKey)).size;
}

const RETIRED_REASON: Record<Retirement, string> = {
  removed: 'removed from the repository',
  disabled: 'disabled in this environment',
};

/**
 * `retirement`: the project renders nothing on purpose (see Retirement); `blocked`
 * refuses its prunes (the environment-wide mass-removal guard, see planRemovals).
 */
export function planProject(
  project: string,
  objects: K8sObject[],
  desiredHash: string,
  stored: StoredInventory,
  live: LiveIndex,
  options: PlanOptions = {},
  retirement?: { why: Retirement; blocked?: string },
): ProjectPlan {
  const rendered = new Set(objects.map((o) => idKey(idOf(o))));
  const seen = new Set<string>();
  const prune: PruneDecision[] = [];
  const kept: ProjectPlan['kept'] = [];
  const protectedIds: ObjectId[] = [];
  for (const id of [...stored.objects, ...stored.pending]) {
    const key = idKey(id);
    if (rendered.has(key) || seen.has(key)) continue;
    seen.add(key);
    const ref = idRef(id);
    const current = live.get(key);
    if (!current) continue; // already gone
    if (current.labels[PROJECT_LABEL] !== project || current.labels[MANAGED_BY_LABEL] !== MANAGED_BY) {
      kept.push({ ref, reason: 'no longer carries our labels' });
    } else if (PROTECTED_KINDS.has(id.kind) && current.annotations[PRUNE_ANNOTATION] !== 'true') {
      kept.push({ ref, reason: `a ${id.kind} is never pruned without the annotation ${PRUNE_ANNOTATION}: "true"` });
      protectedIds.push(id);
    } else {
      prune.push({ id, ref });
    }
  }
  if (retirement) return planRetirement(stored, retirement, prune, kept, protectedIds);
  const reason = noopReason(objects, desiredHash, stored, live, options.force ?? false);
  const plan: ProjectPlan = {
    noop: reason === undefined && prune.length === 0,
    reason: reason ?? 'unchanged',
    prune,
    kept,
    keepTracking: protectedIds,
    forget: false,
  };
  if (!options.allowMassPrune && prune.length > 0) {
    if (objects.length === 0) {
      plan.pruneBlocked = `the render is empty: refusing to delete all ${prune.length} objects; rerun with --allow-mass-prune if that is intended (to retire the project, set enabled: false or remove its folder)`;
      plan.keepTracking = [...protectedIds, ...prune.map((p) => p.id)];
    } else if (prune.length > tracked(stored) / 2) {
      plan.pruneBlocked = `refusing to delete ${prune.length} of ${tracked(stored)} objects (more than half); rerun with --allow-mass-prune if that is intended`;
      plan.keepTracking = [...protectedIds, ...prune.map((p) => p.id)];
    }
  }
  return plan;
}

/**
 * A retired project is not subject to the per-project mass-prune rule (all of its
 * objects go: that is the intent). Protected objects that stay keep the inventory
 * alive, so every later run reports them until they are opted in or deleted by hand.
 */
function planRetirement(
  stored: StoredInventory,
  retirement: { why: Retirement; blocked?: string },
  prune: PruneDecision[],
  kept: ProjectPlan['kept'],
  protectedIds: ObjectId[],
): ProjectPlan {
  const plan: ProjectPlan = {
    noop: false,
    reason: RETIRED_REASON[retirement.why],
    prune,
    kept,
    keepTracking: protectedIds,
    retired: retirement.why,
    forget: protectedIds.length === 0,
  };
  if (retirement.blocked && prune.length > 0) {
    plan.pruneBlocked = retirement.blocked;
    plan.keepTracking = [...protectedIds, ...prune.map((p) => p.id)];
    plan.forget = false;
  }
  // Already retired earlier, only protected objects left and still tracked: nothing to do but report them.
  const keys = new Set(plan.keepTracking.map(idKey));
  const sameTracking = stored.objects.length === keys.size && stored.objects.every((o) => keys.has(idKey(o)));
  plan.noop = !plan.forget && prune.length === 0 && stored.pending.length === 0 && stored.hash === undefined && sameTracking;
  return plan;
}

/** A project with a stored inventory in an environment whose folder is gone from projects/. */
export interface RemovedProject {
  project: string;
  /** Set when its prunes are refused (see planRemovals). */
  blocked?: string;
}

/**
 * Which projects removed from the repository this run retires in one environment:
 * all of them when the environment is selected whole, else those named explicitly
 * (`ENV/PROJECT`). Guard against a wrong --root or a broken checkout: retiring more
 * than half of the projects deployed there at once is refused without
 * --allow-mass-prune, unless each one was named. Projects already retired earlier
 * (only protected objects left, no hash) neither count nor are refused.
 */
export function planRemovals(
  stored: ReadonlyMap<string, StoredInventory>,
  inRepository: ReadonlySet<string>,
  scope: { whole: boolean; named: readonly string[] },
  options: PlanOptions = {},
): RemovedProject[] {
  const removed = [...stored.keys()].filter((p) => !inRepository.has(p) && (scope.whole || scope.named.includes(p))).sort();
  const deployed = [...stored.values()].filter((s) => s.hash !== undefined).length;
  const fresh = removed.filter((p) => stored.get(p)?.hash !== undefined && !scope.named.includes(p));
  const blocked =
    !options.allowMassPrune && fresh.length > deployed / 2
      ? `refusing to prune ${fresh.length} of the ${deployed} projects deployed here at once because their folders are gone from projects/ ` +
        '(a wrong --root or a broken checkout?); rerun with --allow-mass-prune, or name each one (ENV/PROJECT), if that is intended'
      : undefined;
  return removed.map((project) => (blocked && fresh.includes(project) ? { project, blocked } : { project }));
}

/** What to do about an environment's namespace, checked once before anything else. */
export type NamespaceAction =
  /** It exists (or we may not look: the deploy goes on and the server says what is wrong). */
  | 'ready'
  /** Missing, the environment allows it (`create_namespace: true`) and this is a real apply. */
  | 'create'
  /** Missing, allowed to be created, but this run writes nothing: treated as an empty namespace. */
  | 'absent';

/** `exists`: undefined when our credentials may not read Namespaces. Undefined result: missing and not allowed (an error). */
export function namespaceAction(exists: boolean | undefined, createAllowed: boolean, writes: boolean): NamespaceAction | undefined {
  if (exists !== false) return 'ready';
  if (!createAllowed) return undefined;
  return writes ? 'create' : 'absent';
}

/**
 * A conflict on apply is drift to repair, not a collaborator's claim, when every
 * manager it names wrote the fields imperatively (operation Update: kubectl edit,
 * patch, scale, label, a PUT) and none of them declared them by server-side apply.
 * A plain apply then takes the fields back; a conflict with an applier is reported.
 */
export function isDriftConflict(managers: readonly string[], managedFields: unknown): boolean {
  const entries = Array.isArray(managedFields) ? (managedFields as { manager?: unknown; operation?: unknown }[]) : [];
  return (
    managers.length > 0 &&
    managers.every((manager) => {
      const theirs = entries.filter((e) => e.manager === manager);
      return theirs.length > 0 && theirs.every((e) => e.operation === 'Update');
    })
  );
}
