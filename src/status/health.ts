/**
 * The health verdict of one project in one environment, from its live workloads:
 * Deployments, StatefulSets and DaemonSets rolled out (the same readiness `--wait`
 * waits for), Jobs not failed, and each CronJob's last run (its newest Job).
 */
import { readinessOf } from '../deploy/wait.js';
import { isRecord } from '../lib/is-record.js';
import { PROJECT_LABEL } from '../render/model/labels.js';
import { objectRef, type K8sObject } from '../render/objects/k8s-object.js';
import type { Health, WorkloadState } from './report.js';

/** The kinds health looks at (apiVersion|kind, as listManaged takes them). */
export const WORKLOAD_KINDS: readonly string[] = ['apps/v1|Deployment', 'apps/v1|StatefulSet', 'apps/v1|DaemonSet', 'batch/v1|Job', 'batch/v1|CronJob'];

const created = (obj: K8sObject): string => String(obj.metadata.creationTimestamp ?? '');

/** The newest Job a CronJob started (Jobs carry an owner reference to their CronJob). */
function lastRun(cronJob: K8sObject, jobs: readonly K8sObject[]): K8sObject | undefined {
  const uid = cronJob.metadata.uid;
  const owned = jobs.filter((job) => {
    const owners = job.metadata.ownerReferences;
    return Array.isArray(owners) && owners.some((o) => isRecord(o) && o.kind === 'CronJob' && o.uid === uid);
  });
  return owned.sort((a, b) => created(b).localeCompare(created(a)))[0];
}

function cronJobState(cronJob: K8sObject, jobs: readonly K8sObject[]): WorkloadState {
  const ref = objectRef(cronJob);
  const suspended = isRecord(cronJob.spec) && cronJob.spec.suspend === true ? ' (suspended)' : '';
  const job = lastRun(cronJob, jobs);
  if (!job) return { ref, ok: true, progress: `never run${suspended}` };
  const state = readinessOf(job);
  const outcome = state.failed ?? (state.ready ? 'succeeded' : `running (${state.progress})`);
  return { ref, ok: state.failed === undefined, progress: `last run ${created(job)}: ${outcome}${suspended}` };
}

function workloadState(obj: K8sObject, jobs: readonly K8sObject[]): WorkloadState {
  if (obj.kind === 'CronJob') return cronJobState(obj, jobs);
  const state = readinessOf(obj);
  // A Job still running is fine; only a failed one is a problem.
  const ok = obj.kind === 'Job' ? state.failed === undefined : state.ready;
  return { ref: objectRef(obj), ok, progress: state.failed ?? state.progress };
}

/**
 * Health of `project` from the workloads listed in its namespace (`workloads`: ours,
 * every project; `jobs`: every Job of the namespace, for the CronJobs' runs).
 */
export function healthOf(project: string, workloads: readonly K8sObject[], jobs: readonly K8sObject[]): Health {
  const states = workloads
    .filter((w) => w.metadata.labels?.[PROJECT_LABEL] === project)
    .map((w) => workloadState(w, jobs))
    .sort((a, b) => a.ref.localeCompare(b.ref));
  return { status: states.every((s) => s.ok) ? 'healthy' : 'unhealthy', workloads: states };
}
