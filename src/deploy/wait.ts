/**
 * `--wait`: polls applied workloads until rolled out (Deployments, StatefulSets,
 * DaemonSets) or complete (Jobs), printing progress as it changes; on timeout says
 * which object is not ready and why: its conditions and its pods' events.
 */
import { isRecord } from '../lib/is-record.js';
import { pollUntil, PollTimeoutError } from '../lib/poll.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { objectRef } from '../render/objects/k8s-object.js';
import { idOf, type Cluster } from './cluster.js';

export const WAITED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

interface Readiness {
  ready: boolean;
  failed?: string;
  progress: string;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

function conditionsOf(obj: K8sObject): { type?: string; status?: string; reason?: string; message?: string }[] {
  const conditions = record(obj.status).conditions;
  return Array.isArray(conditions) ? (conditions as { type?: string; status?: string; reason?: string; message?: string }[]) : [];
}

/** Whether a live workload is ready, and a short progress text. */
export function readinessOf(obj: K8sObject): Readiness {
  const status = record(obj.status);
  const spec = record(obj.spec);
  const observed = num(status.observedGeneration) >= num(obj.metadata.generation);
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet': {
      const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
      const ready = num(status.readyReplicas);
      const updated = num(status.updatedReplicas);
      const available = obj.kind === 'Deployment' ? num(status.availableReplicas) : ready;
      return {
        ready: observed && ready >= want && updated >= want && available >= want && num(status.replicas) <= want,
        progress: `${ready}/${want} ready, ${updated} updated`,
      };
    }
    case 'DaemonSet': {
      const want = num(status.desiredNumberScheduled);
      return {
        ready: observed && num(status.numberReady) >= want && num(status.updatedNumberScheduled) >= want,
        progress: `${num(status.numberReady)}/${want} ready`,
      };
    }
    case 'Job': {
      const done = conditionsOf(obj).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      if (done?.type === 'Failed') return { ready: false, failed: `job failed: ${done.reason ?? ''} ${done.message ?? ''}`.trim(), progress: 'failed' };
      return { ready: done?.type === 'Complete', progress: `${num(status.succeeded)} succeeded, ${num(status.active)} active` };
    }
    default:
      return { ready: true, progress: 'ready' };
  }
}

/** Conditions of the object and the latest events of its pods, for a timeout message. */
async function whyNotReady(cluster: Cluster, obj: K8sObject): Promise<string> {
  const parts = conditionsOf(obj)
    .filter((c) => c.status !== 'True' || c.type === 'Progressing')
    .map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`);
  const namespace = obj.metadata.namespace;
  const selector = record(record(obj.spec).selector).matchLabels;
  if (namespace && isRecord(selector)) {
    const labelSelector = Object.entries(selector)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',');
    const pods = await cluster.list('v1', 'Pod', namespace, labelSelector);
    const names = new Set(pods.map((p) => p.metadata.name));
    const events = (await cluster.list('v1', 'Event', namespace)).filter((e) => names.has(String(record(e.involvedObject).name)));
    for (const event of events.slice(-5)) parts.push(`pod ${String(record(event.involvedObject).name)}: ${String(event.reason)}: ${String(event.message)}`);
    if (pods.length === 0) parts.push('no pods');
  }
  return parts.join('; ') || 'no conditions reported';
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  onProgress?: (line: string) => void;
}

/** Waits for every workload among `objects`; returns the ones that did not become ready, with why. */
export async function waitForObjects(cluster: Cluster, objects: readonly K8sObject[], options: WaitOptions): Promise<{ ref: string; message: string }[]> {
  const pending = new Map(objects.filter((o) => WAITED_KINDS.has(o.kind)).map((o) => [objectRef(o), o]));
  const last = new Map<string, string>();
  const failures: { ref: string; message: string }[] = [];
  const lookOnce = async (): Promise<true | undefined> => {
    for (const [ref, obj] of [...pending]) {
      const live = await cluster.get(idOf(obj));
      if (!live) {
        failures.push({ ref, message: `${ref}: disappeared while waiting` });
        pending.delete(ref);
        continue;
      }
      const state = readinessOf(live);
      if (last.get(ref) !== state.progress) {
        last.set(ref, state.progress);
        options.onProgress?.(`waiting for ${ref}: ${state.progress}`);
      }
      if (state.failed) failures.push({ ref, message: `${ref}: ${state.failed}` });
      if (state.ready || state.failed) pending.delete(ref);
    }
    return pending.size === 0 ? true : undefined;
  };
  try {
    await pollUntil(lookOnce, { what: 'rollouts', timeoutMs: options.timeoutMs, intervalMs: options.intervalMs ?? 1000 });
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error;
    for (const [ref, obj] of pending) {
      const live = (await cluster.get(idOf(obj))) ?? obj;
      failures.push({
        ref,
        message: `${ref}: not ready after ${Math.round(options.timeoutMs / 1000)} s (${readinessOf(live).progress}): ${await whyNotReady(cluster, live)}`,
      });
    }
  }
  return failures;
}
