/**
 * Image references as the container tools read them (`[registry/]repository[:tag][@digest]`):
 * a first component with a dot or a port, or `localhost`, is a registry host; otherwise
 * the image is on Docker Hub (`docker.io`, `library/` for one-component names).
 */
import { DeploymentAllError } from '../lib/errors.js';

export interface ImageReference {
  /** Host (and port) of the registry, e.g. `quay.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Repository path inside the registry, e.g. `cki/webhook-receiver`. */
  repository: string;
  tag?: string;
  /** `sha256:...` */
  digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export class ImageReferenceError extends DeploymentAllError {
  override readonly name = 'ImageReferenceError';
}

export function parseImageReference(text: string): ImageReference {
  const bad = (why: string) => new ImageReferenceError(`image "${text}": ${why}`);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`"${digest}" is not a digest (algorithm:hex)`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a valid tag`);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (!REPOSITORY.test(repository)) throw bad(`"${repository}" is not a valid repository name (lowercase letters, digits, separators)`);
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The reference without its digest, as written (`quay.io/x:v1@sha256:...` -> `quay.io/x:v1`). */
export function withoutDigest(text: string): string {
  const at = text.indexOf('@');
  return at === -1 ? text : text.slice(0, at);
}

/** `text` pinned to `digest`, keeping its tag for people to read: `quay.io/x:v1@sha256:...`. */
export function pinnedTo(text: string, digest: string): string {
  return `${withoutDigest(text)}@${digest}`;
}

/** The digest a reference is pinned to, if any. */
export function digestOf(text: string): string | undefined {
  const at = text.indexOf('@');
  return at === -1 ? undefined : text.slice(at + 1);
}
