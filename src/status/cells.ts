/**
 * The verdicts of one cell (environment x project), a pure function of what was read:
 * the environment's stored inventories and live objects, what this checkout renders,
 * and the commit distance. The rules are those of the deploy's no-op check (plan.ts):
 * drift is live objects no longer what the last apply left; behind is a render that
 * differs from the deployed one.
 */
import type { StoredInventory } from '../deploy/inventory-store.js';
import type { LiveIndex } from '../deploy/live-index.js';
import { driftOf } from '../deploy/plan.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import type { CommitDistance } from './git-distance.js';
import { healthOf } from './health.js';
import { HISTORY_SHOWN, type Behind, type Drift, type EnvironmentStatus, type ProblemKind, type StatusCell, type StatusCounts } from './report.js';

/** What was read from one environment's namespace. */
export interface EnvironmentSnapshot {
  stored: Map<string, StoredInventory>;
  /** Projects whose inventory ConfigMap cannot be read, with why. */
  corrupt: Map<string, string>;
  /** Kinds (apiVersion|kind) our credentials may not list here: drift of their objects is not checked. */
  unreadable: ReadonlySet<string>;
  live: LiveIndex;
  /** Our workloads of every project (see WORKLOAD_KINDS). */
  workloads: K8sObject[];
  /** Every Job of the namespace (CronJobs' runs carry no labels of ours). */
  jobs: K8sObject[];
}

/** What this checkout renders, per environment and project. */
export interface DesiredState {
  /** The deploy's desired hash by `environment/project` (render, image pins and secret values). */
  hashes: ReadonlyMap<string, string>;
  /** `environment/project` pairs disabled on purpose. */
  disabled: ReadonlySet<string>;
  /** The checkout could not be rendered (or a secret not read): behind is unknown. */
  error?: string;
  /** Per environment: its images could not be pinned (a registry did not answer): behind is unknown there. */
  environmentErrors?: ReadonlyMap<string, string>;
}

export interface CellInput {
  environment: string;
  project: string;
  /** The environment's snapshot, or why it could not be read. */
  snapshot: EnvironmentSnapshot | { error: string };
  desired: DesiredState;
  distance: (commit: string | undefined) => CommitDistance;
}

function behindOf(stored: StoredInventory, desiredHash: string | undefined, desired: DesiredState, distance: CellInput['distance']): Behind {
  const revision = stored.revisions[0];
  const far = distance(revision?.commit);
  const commits = 'commits' in far ? { commits: far.commits } : {};
  if (desired.error) return { status: 'unknown', ...commits, detail: desired.error };
  if (desiredHash === undefined) return { status: 'unknown', ...commits, detail: 'not rendered here' };
  const status = stored.hash === desiredHash ? 'current' : 'behind';
  return { status, ...commits, ...('detail' in far ? { detail: far.detail } : {}) };
}

function driftOfCell(stored: StoredInventory, snapshot: EnvironmentSnapshot): Drift {
  const kind = (o: { apiVersion: string; kind: string }) => `${o.apiVersion}|${o.kind}`;
  const checked = stored.objects.filter((o) => o.fields !== undefined && !snapshot.unreadable.has(kind(o)));
  const unchecked = [...new Set(stored.objects.filter((o) => snapshot.unreadable.has(kind(o))).map((o) => o.kind))].sort();
  const objects = driftOf(checked, stored, snapshot.live);
  const unfinished = stored.pending.length > 0;
  return {
    status: objects.length > 0 || unfinished ? 'drifted' : 'in-sync',
    objects,
    ...(unfinished ? { unfinished } : {}),
    ...(unchecked.length > 0 ? { unchecked } : {}),
  };
}

export function buildCell(input: CellInput): StatusCell {
  const { environment, project, snapshot } = input;
  const failed = input.desired.error ?? input.desired.environmentErrors?.get(environment);
  const desired: DesiredState = { ...input.desired, ...(failed ? { error: failed } : {}) };
  const key = `${environment}/${project}`;
  const base = { environment, project, history: [], problems: [] };
  if ('error' in snapshot) return { ...base, state: 'unreachable' };
  const corrupt = snapshot.corrupt.get(project);
  if (corrupt) return { ...base, state: 'error', error: corrupt, problems: ['error'] };
  const stored = snapshot.stored.get(project);
  const hash = desired.hashes.get(key);
  if (!stored || stored.hash === undefined) {
    // No inventory, or a retired project's (pruned, no hash): nothing of ours runs here.
    if (desired.disabled.has(key)) return { ...base, state: 'disabled' };
    return { ...base, state: hash === undefined && !desired.error ? 'removed' : 'not-deployed' };
  }
  const [revision, ...older] = stored.revisions;
  const health = healthOf(project, snapshot.workloads, snapshot.jobs);
  const drift = driftOfCell(stored, snapshot);
  const removed = hash === undefined && !desired.disabled.has(key) && !desired.error;
  const behind: Behind = desired.disabled.has(key)
    ? { status: 'behind', detail: 'disabled here, still deployed' }
    : removed
      ? { status: 'behind', detail: 'removed from projects/, still deployed' }
      : behindOf(stored, hash, desired, input.distance);
  const problems: ProblemKind[] = [];
  if (health.status === 'unhealthy') problems.push('unhealthy');
  if (drift.status === 'drifted') problems.push('drifted');
  if (behind.status === 'behind') problems.push('behind');
  return {
    ...base,
    state: removed ? 'removed' : 'deployed',
    ...(revision ? { revision } : {}),
    history: older.slice(0, HISTORY_SHOWN),
    health,
    drift,
    behind,
    problems,
  };
}

export function countCells(cells: readonly StatusCell[], environments: readonly EnvironmentStatus[]): StatusCounts {
  const has = (kind: ProblemKind) => cells.filter((c) => c.problems.includes(kind)).length;
  return {
    cells: cells.length,
    inSync: cells.filter((c) => c.state === 'deployed' && c.problems.length === 0).length,
    unhealthy: has('unhealthy'),
    drifted: has('drifted'),
    behind: has('behind'),
    errors: has('error'),
    unreachableEnvironments: environments.filter((e) => e.error !== undefined).length,
  };
}
