/**
 * What `status` reports, per environment and project: the deployed revision and three
 * verdicts (health, drift, behind). The JSON output is this, as is; the table and the
 * page are drawn from it. Nothing in it is a secret value: revisions, object names,
 * rollout counts and error messages only (and the whole is masked with every secret
 * value the run resolved, in case an error quotes one).
 */
import type { DriftedObject } from '../deploy/plan.js';
import type { Revision } from '../deploy/inventory-store.js';
import type { VmHostRevision } from '../vm/read-revisions.js';

/** One workload's rollout state, or a CronJob's last run. */
export interface WorkloadState {
  /** `Kind/namespace/name`. */
  ref: string;
  ok: boolean;
  /** `2/2 ready, 2 updated`, `last run 2026-11-26T03:17:00Z: succeeded`, `never run`. */
  progress: string;
}

export interface Health {
  /** `unhealthy`: a workload is not ready, a Job or a CronJob's last run failed. */
  status: 'healthy' | 'unhealthy' | 'unknown';
  workloads: WorkloadState[];
}

export interface Drift {
  /** `drifted`: live objects are no longer what the last apply left (changed or deleted by someone else). */
  status: 'in-sync' | 'drifted' | 'unknown';
  objects: DriftedObject[];
  /** The last apply did not finish (objects it may have created are pending). */
  unfinished?: boolean;
  /** Kinds of the project our credentials may not list (Secrets, for read-only ones): not checked. */
  unchecked?: string[];
}

export interface Behind {
  /** `behind`: this checkout renders something else than what was deployed; `unknown`: it could not be rendered here. */
  status: 'current' | 'behind' | 'unknown';
  /** Commits of this checkout since the deployed commit, when git knows both. */
  commits?: number;
  /** Why status or commits are unknown. */
  detail?: string;
}

/** What kind of problem a cell has; cells without any are in sync. */
export type ProblemKind = 'unhealthy' | 'drifted' | 'behind' | 'error';

/**
 * `deployed`; `not-deployed` (rendered here, no inventory); `disabled` (here, on purpose);
 * `removed` (gone from projects/, its inventory still stored); `error` (its inventory
 * cannot be read; for a VM group, no host could be read); `unreachable` (the environment's
 * cluster did not answer).
 */
export type CellState = 'deployed' | 'not-deployed' | 'disabled' | 'removed' | 'error' | 'unreachable';

export interface StatusCell {
  environment: string;
  project: string;
  state: CellState;
  error?: string;
  /** The deployed revision (the newest recorded). */
  revision?: Revision;
  /** The revisions before it, newest first (at most HISTORY_SHOWN). */
  history: Revision[];
  health?: Health;
  drift?: Drift;
  behind?: Behind;
  /** A VM group's cell: each host's recorded revision, or why it could not be read. */
  hosts?: VmHostRevision[];
  problems: ProblemKind[];
}

export interface EnvironmentStatus {
  name: string;
  namespace: string;
  deployOrder: number;
  /** The cluster's name in the inventory (the kubeconfig context looked for). */
  cluster: string;
  /** Set when the cluster could not be read: every cell of the column is `unreachable`. */
  error?: string;
}

export interface StatusCounts {
  cells: number;
  inSync: number;
  unhealthy: number;
  drifted: number;
  behind: number;
  errors: number;
  unreachableEnvironments: number;
}

export interface StatusReport {
  generatedAt: string;
  /** The checkout's commit ($CI_COMMIT_SHA, else git HEAD). */
  head?: string;
  /** Why "behind" is unknown everywhere (the checkout could not be rendered), if so. */
  renderError?: string;
  /** In deploy order. */
  environments: EnvironmentStatus[];
  /** Rows, sorted by name. */
  projects: string[];
  cells: StatusCell[];
  counts: StatusCounts;
  /** API requests this report took, all clusters together. */
  requests: number;
}

/** Revisions shown on a cell's history besides the deployed one. */
export const HISTORY_SHOWN = 5;
