import { createHash, timingSafeEqual } from 'node:crypto';
import { isRecord } from '../../lib/is-record.js';

/** Where a webhook goes and what travels with it. */
export interface Route {
  /** `<gitlab host>.<project path>.<event kind>`, e.g. `gitlab.com.cki-project/kernel-ark.merge_request`. */
  routingKey: string;
  kind: string;
  host: string;
  projectPath: string;
}

/** Why a body cannot be routed; answered with 400. */
export class BadWebhookError extends Error {
  override readonly name = 'BadWebhookError';
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * True when `given` is one of `tokens`. Compares fixed-length digests with
 * timingSafeEqual and always looks at every token, so neither the length nor the
 * position of a match leaks through timing.
 */
export function tokenAccepted(given: string | undefined, tokens: readonly string[]): boolean {
  const candidate = digest(given ?? '');
  let accepted = false;
  for (const token of tokens) {
    if (timingSafeEqual(candidate, digest(token))) accepted = true;
  }
  return accepted && given !== undefined;
}

function urlOf(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * The route of a GitLab webhook body. The host comes from `X-Gitlab-Instance` when
 * GitLab sends it, else from the project's URL; the project path from
 * `project.path_with_namespace`, else the project or repository URL (job events);
 * the kind from `object_kind` (`push`, `merge_request`, `build`, `pipeline`...).
 */
export function routeOf(body: unknown, instanceHeader: string | undefined): Route {
  if (!isRecord(body)) throw new BadWebhookError('body is not a JSON object');
  const kind = body.object_kind ?? body.event_type ?? body.event_name;
  if (typeof kind !== 'string' || !/^[a-z_]+$/.test(kind)) throw new BadWebhookError('object_kind is missing or not a GitLab event kind');
  const project = isRecord(body.project) ? body.project : {};
  const repository = isRecord(body.repository) ? body.repository : {};
  const projectUrl = urlOf(project.web_url) ?? urlOf(repository.homepage);
  const host = urlOf(instanceHeader)?.host ?? projectUrl?.host;
  if (host === undefined) throw new BadWebhookError('cannot tell the GitLab host: no X-Gitlab-Instance header and no project.web_url');
  const pathFromUrl = projectUrl?.pathname.replace(/^\/+|\/+$/g, '');
  const projectPath = typeof project.path_with_namespace === 'string' ? project.path_with_namespace : pathFromUrl;
  if (projectPath === undefined || projectPath === '') {
    throw new BadWebhookError('cannot tell the project: no project.path_with_namespace and no project URL');
  }
  return { routingKey: `${host}.${projectPath}.${kind}`, kind, host, projectPath };
}
