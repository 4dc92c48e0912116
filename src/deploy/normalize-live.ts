/**
 * Strips what the server adds and nobody wrote (managed fields, resource versions,
 * uids, timestamps, status), and masks Secret values, so a diff shows only changes
 * a maintainer made.
 */
import { createHash } from 'node:crypto';
import { isRecord } from '../lib/is-record.js';
import { MASK } from '../lib/mask.js';
import type { K8sObject } from '../render/objects/k8s-object.js';

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

export function stripServerFields(obj: K8sObject): K8sObject {
  const copy = structuredClone(obj) as K8sObject;
  delete copy.status;
  for (const key of SERVER_METADATA) delete copy.metadata[key];
  if (copy.metadata.annotations) {
    for (const key of SERVER_ANNOTATIONS) delete copy.metadata.annotations[key];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

function secretValues(obj: K8sObject | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!obj) return out;
  if (isRecord(obj.data)) for (const [k, v] of Object.entries(obj.data)) out[k] = Buffer.from(String(v), 'base64').toString('utf8');
  if (isRecord(obj.stringData)) for (const [k, v] of Object.entries(obj.stringData)) out[k] = String(v);
  return out;
}

/**
 * Replaces Secret values by the mask (`***`); a value that differs between the two sides
 * becomes `*** (changed)` on the desired side, so the diff still shows that it changed.
 */
export function maskSecretPair(live: K8sObject | undefined, desired: K8sObject): { live?: K8sObject; desired: K8sObject } {
  if (desired.kind !== 'Secret') return { live, desired };
  const before = secretValues(live);
  const after = secretValues(desired);
  const fingerprint = (v: string | undefined) => (v === undefined ? '' : createHash('sha256').update(v).digest('hex'));
  const mask = (values: Record<string, string>, other: Record<string, string>, side: 'live' | 'desired') =>
    Object.fromEntries(
      Object.keys(values)
        .sort()
        .map((k) => [k, side === 'desired' && fingerprint(values[k]) !== fingerprint(other[k]) ? `${MASK} (changed)` : MASK]),
    );
  const clean = (obj: K8sObject, data: Record<string, string>): K8sObject => {
    const { stringData: _stringData, ...rest } = obj;
    return { ...rest, data } as K8sObject;
  };
  return {
    live: live ? clean(live, mask(before, after, 'live')) : undefined,
    desired: clean(desired, mask(after, before, 'desired')),
  };
}
