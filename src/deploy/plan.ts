/**
 * Pure planning of one project's deploy: is it a no-op, and what may be pruned.
 * The safety rules live here, where they are easy to read and to test:
 * only objects we applied before (stored inventory), still labelled as ours,
 * never PVCs, Namespaces or CRDs without an opt-in annotation, never on an empty
 * render or a mass deletion without an explicit flag.
 */
import { MANAGED_BY, MANAGED_BY_LABEL, PROJECT_LABEL } from '../render/model/labels.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { objectRef } from '../render/objects/k8s-object.js';
import { PRUNE_ANNOTATION } from './annotations.js';
import { idOf, idRef, type ObjectId } from './cluster.js';
import type { StoredInventory } from './inventory-store.js';
import { idKey, type LiveIndex } from './live-index.js';

/** Kinds whose loss is unrecoverable (data, everything inside, every custom object). */
export const PROTECTED_KINDS: ReadonlySet<string> = new Set(['PersistentVolumeClaim', 'Namespace', 'CustomResourceDefinition']);

export interface PlanOptions {
  /** Apply even when nothing changed. */
  force?: boolean;
  /** Allow pruning on an empty render or of more than half of a project's objects. */
  allowMassPrune?: boolean;
}

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
}

function noopReason(objects: K8sObject[], desiredHash: string, stored: StoredInventory, live: LiveIndex, force: boolean): string | undefined {
  if (force) return 'forced';
  if (stored.hash === undefined) return 'first deploy';
  if (stored.hash !== desiredHash) return 'changed';
  if (stored.pending.length > 0) return 'an earlier run did not finish';
  const fields = new Map(stored.objects.map((o) => [idKey(o), o.fields]));
  for (const obj of objects) {
    const current = live.get(idKey(idOf(obj)));
    if (!current) return `drift: ${objectRef(obj)} is missing`;
    if (current.fields !== fields.get(idKey(idOf(obj)))) return `drift: ${objectRef(obj)} was changed by someone else`;
  }
  return undefined;
}

/** Objects the inventory knows about, applied or pending. */
function tracked(stored: StoredInventory): number {
  return new Set([...stored.objects, ...stored.pending].map(idKey)).size;
}

export function planProject(
  project: string,
  objects: K8sObject[],
  desiredHash: string,
  stored: StoredInventory,
  live: LiveIndex,
  options: PlanOptions = {},
): ProjectPlan {
  const reason = noopReason(objects, desiredHash, stored, live, options.force ?? false);
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
  const plan: ProjectPlan = { noop: reason === undefined && prune.length === 0, reason: reason ?? 'unchanged', prune, kept, keepTracking: protectedIds };
  if (!options.allowMassPrune && prune.length > 0) {
    if (objects.length === 0) {
      plan.pruneBlocked = `the render is empty: refusing to delete all ${prune.length} objects; rerun with --allow-mass-prune if that is intended`;
      plan.keepTracking = [...protectedIds, ...prune.map((p) => p.id)];
    } else if (prune.length > tracked(stored) / 2) {
      plan.pruneBlocked = `refusing to delete ${prune.length} of ${tracked(stored)} objects (more than half); rerun with --allow-mass-prune if that is intended`;
      plan.keepTracking = [...protectedIds, ...prune.map((p) => p.id)];
    }
  }
  return plan;
}
