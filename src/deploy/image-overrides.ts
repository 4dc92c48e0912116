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

function mapImageFields(value: unknown, map: (image: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapImageFields(v, map));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = key === 'image' && typeof child === 'string' ? map(child) : mapImageFields(child, map);
  return out;
}

/** Copies of `objects` with every `image` field (containers, init containers, CronJob templates) passed through `map`. */
export function mapImages(objects: readonly K8sObject[], map: (image: string) => string): K8sObject[] {
  return objects.map((obj) => mapImageFields(obj, map) as K8sObject);
}

/** Every image the objects run, sorted, without repeats. */
export function imagesOf(objects: readonly K8sObject[]): string[] {
  const found = new Set<string>();
  mapImages(objects, (image) => {
    found.add(image);
    return image;
  });
  return [...found].sort();
}

export function pinImages(objects: readonly K8sObject[], images: readonly string[]): K8sObject[] {
  if (images.length === 0) return [...objects];
  const pins = new Map(images.map((image) => [imageRepository(image), image]));
  return mapImages(objects, (image) => pins.get(imageRepository(image)) ?? image);
}
