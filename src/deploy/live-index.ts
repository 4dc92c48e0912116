/**
 * What is live in a namespace, fetched with one list request per kind for all
 * projects at once (label managed-by=deployment-all): enough to tell created from
 * configured from unchanged, and to detect drift without a request per object.
 */
import { createHash, createHmac } from 'node:crypto';
import { isRecord } from '../lib/is-record.js';
import { MANAGED_BY, MANAGED_BY_LABEL, PROJECT_LABEL } from '../render/model/labels.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { FIELD_MANAGER, idOf, type Cluster, type ObjectId } from './cluster.js';
import { ownedObjectValues } from './owned-values.js';

export interface LiveObject {
  resourceVersion?: string;
  fields?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type LiveIndex = Map<string, LiveObject>;

/**
 * The projects a run works on in a namespace, when it does not work on all of them: a
 * one-project deploy job reads and fingerprints that project's objects, not the
 * namespace's thousands.
 */
export type ProjectScope = readonly string[] | undefined;

/** Past this many projects a run lists everything: the label selector would grow too long for a URL. */
const SCOPE_LIMIT = 50;

/** `,deployment-all.io/project in (a,b)`, or nothing for the whole namespace. */
export function projectSelector(projects: ProjectScope): string {
  if (projects === undefined || projects.length > SCOPE_LIMIT) return '';
  return `,${PROJECT_LABEL} in (${[...new Set(projects)].sort().join(',')})`;
}

export function idKey(id: ObjectId): string {
  return `${id.apiVersion}|${id.kind}|${id.namespace ?? ''}|${id.name}`;
}

/**
 * Fingerprint of the fields our manager owns through apply and of their live values:
 * it changes when another manager takes a field from us, and when a value we own is
 * changed behind our back (a Secret's data included; values are only hashed).
 */
export function ownedFieldsFingerprint(obj: K8sObject): string | undefined {
  const entries = Array.isArray(obj.metadata.managedFields) ? (obj.metadata.managedFields as unknown[]) : [];
  const ours = entries.find((e) => isRecord(e) && e.manager === FIELD_MANAGER && e.operation === 'Apply');
  if (!isRecord(ours)) return undefined;
  const fields = ours.fieldsV1 ?? null;
  const values = ownedObjectValues(fields, obj);
  // A Secret's fingerprint is keyed with its uid: the inventory ConfigMap is readable by
  // more people than the Secret, and an unkeyed hash of its values could be tested
  // against guesses. Whoever can read the uid can read the Secret anyway.
  const uid = obj.kind === 'Secret' && typeof obj.metadata.uid === 'string' ? obj.metadata.uid : undefined;
  const hash = uid ? createHmac('sha256', uid) : createHash('sha256');
  return hash.update(JSON.stringify(fields)).update('\u0000').update(JSON.stringify(values)).digest('hex').slice(0, 16);
}

/**
 * The index entry of a live object; its fingerprint is computed when first asked for
 * (see driftOf). Of an object listed as `metadataOnly` it cannot be, and is none a
 * fingerprint can equal: were it ever compared, the project counts as changed and is
 * applied again, never as unchanged.
 */
/** Not 16 hex digits: equals no fingerprint. */
const UNKNOWN_FINGERPRINT = 'metadata only';

export function liveObjectOf(obj: K8sObject, { metadataOnly = false } = {}): LiveObject {
  const rv = obj.metadata.resourceVersion;
  let fields: string | undefined | null = null;
  return {
    labels: obj.metadata.labels ?? {},
    annotations: obj.metadata.annotations ?? {},
    ...(typeof rv === 'string' ? { resourceVersion: rv } : {}),
    get fields() {
      if (metadataOnly) return UNKNOWN_FINGERPRINT;
      if (fields === null) fields = ownedFieldsFingerprint(obj);
      return fields;
    },
  };
}

/**
 * Every object of ours of the given kinds (apiVersion|kind) in the namespace, or only
 * those of `projects` when given: one list request per kind, all at once.
 */
export async function listManaged(
  cluster: Cluster,
  namespace: string,
  kinds: Iterable<string>,
  projects?: ProjectScope,
  metadataOnly: (kind: string) => boolean = () => false,
): Promise<K8sObject[]> {
  const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY}${projectSelector(projects)}`;
  const lists = [...new Set(kinds)].map(async (key) => {
    const [apiVersion, kind] = key.split('|') as [string, string];
    try {
      return await cluster.list(apiVersion, kind, namespace, selector, { metadataOnly: metadataOnly(key) });
    } catch (error) {
      // A kind whose CRD is not installed yet has nothing live; the apply will say why.
      if (/404|not found|could not find/i.test((error as Error).message)) return [];
      throw error;
    }
  });
  return (await Promise.all(lists)).flat();
}

const liveKey = (item: K8sObject): string => idKey(idOf(item));
const kindOf = (item: K8sObject): string => `${item.apiVersion}|${item.kind}`;

/** The index of listed objects (see listManaged). */
export function indexLive(objects: readonly K8sObject[]): LiveIndex {
  const index: LiveIndex = new Map();
  for (const item of objects) index.set(liveKey(item), liveObjectOf(item));
  return index;
}

/**
 * Kinds no controller writes to (no status), listed as metadata alone: their objects
 * keep the resourceVersion of our apply, so the no-op check never needs their bodies,
 * and ConfigMaps holding dashboards are most of a namespace's bytes. A kind missing
 * here is listed whole; one wrongly here costs an extra request when it changed.
 */
const UNWRITTEN_KINDS = new Set([
  'v1|ConfigMap',
  'v1|Secret',
  'v1|ServiceAccount',
  'rbac.authorization.k8s.io/v1|Role',
  'rbac.authorization.k8s.io/v1|RoleBinding',
  'rbac.authorization.k8s.io/v1|ClusterRole',
  'rbac.authorization.k8s.io/v1|ClusterRoleBinding',
  'monitoring.coreos.com/v1|PrometheusRule',
]);

/** Up to this many objects of a kind are read one by one; more, with a list of the kind. */
const READ_ONE_BY_ONE = 3;

/**
 * Lists the given kinds (apiVersion|kind) in the namespace, of `projects` when given.
 * `recorded`: every object the stored inventories record (by idKey), with its
 * resourceVersion after our last apply when they have it. With it, UNWRITTEN_KINDS are
 * listed as metadata alone, and the recorded ones written since our apply (whose
 * fingerprint the no-op check compares, see driftOf) are then read whole.
 */
export async function buildLiveIndex(
  cluster: Cluster,
  namespace: string,
  kinds: Iterable<string>,
  projects?: ProjectScope,
  recorded?: ReadonlyMap<string, string | undefined>,
): Promise<LiveIndex> {
  if (!recorded) return indexLive(await listManaged(cluster, namespace, kinds, projects));
  const listed = await listManaged(cluster, namespace, kinds, projects, (kind) => UNWRITTEN_KINDS.has(kind));
  // Recorded objects listed as metadata alone but written since our apply, by kind.
  const written = new Map<string, K8sObject[]>();
  for (const item of listed) {
    const key = liveKey(item);
    if (!UNWRITTEN_KINDS.has(kindOf(item)) || !recorded.has(key) || recorded.get(key) === item.metadata.resourceVersion) continue;
    written.set(kindOf(item), [...(written.get(kindOf(item)) ?? []), item]);
  }
  // Read whole; undefined for one deleted since the listing (not live).
  const whole = new Map<string, K8sObject | undefined>();
  const reads = [...written].map(async ([kind, items]) => {
    const read =
      items.length <= READ_ONE_BY_ONE
        ? await Promise.all(items.map((item) => cluster.get(idOf(item))))
        : await listManaged(cluster, namespace, [kind], projects);
    const byKey = new Map(read.flatMap((item) => (item ? [[liveKey(item), item] as const] : [])));
    for (const item of items) whole.set(liveKey(item), byKey.get(liveKey(item)));
  });
  await Promise.all(reads);
  const index: LiveIndex = new Map();
  for (const item of listed) {
    const key = liveKey(item);
    const read = whole.get(key);
    if (read) index.set(key, liveObjectOf(read));
    else if (!whole.has(key)) index.set(key, liveObjectOf(item, { metadataOnly: UNWRITTEN_KINDS.has(kindOf(item)) }));
  }
  return index;
}
