/**
 * Pins container images to recorded references (rollback, or a pipeline's IMAGE_TAG):
 * a container whose image has the same repository as a pinned one gets the pinned one.
 */
import { isRecord } from '../lib/is-record.js';
import type { K8sObject } from '../render/objects/k8s-object.js';

/** `quay.io/cki/x:tag` or `...@sha256:...` -> `quay.io/cki/x`. */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function pinContainers(value: unknown, pins: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => pinContainers(v, pins));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === 'image' && typeof child === 'string' ? (pins.get(imageRepository(child)) ?? child) : pinContainers(child, pins);
  }
  return out;
}

export function pinImages(objects: readonly K8sObject[], images: readonly string[]): K8sObject[] {
  if (images.length === 0) return [...objects];
  const pins = new Map(images.map((image) => [imageRepository(image), image]));
  return objects.map((obj) => pinContainers(obj, pins) as K8sObject);
}
