/**
 * Turns what the API server (or the network) answered into our typed errors, and
 * says which failures are worth retrying.
 */
import { ApiException } from '@kubernetes/client-node';
import { isRecord } from '../lib/is-record.js';
import { ClusterUnreachableError, ConflictError, ForbiddenError, ImmutableFieldError, ObjectError } from './errors.js';

interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

interface ApiStatus {
  message?: string;
  reason?: string;
  details?: { causes?: StatusCause[] };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** The Status object of a failed call, parsed from the body when it is a string. */
export function apiStatusOf(error: unknown): ApiStatus | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const raw = error.body as unknown;
  let body: unknown = raw;
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw);
    } catch {
      return { message: raw };
    }
  }
  return isRecord(body) ? (body as ApiStatus) : undefined;
}

export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth++) {
    const code = current.code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = current.cause;
  }
  const text = error instanceof Error ? error.message : '';
  return /ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|other side closed/i.test(text) ? 'network' : undefined;
}

/** Network failures, overload and server errors: the same request may succeed later. */
export function isRetryable(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status !== undefined) return status === 429 || status >= 500;
  return networkCode(error) !== undefined;
}

/** `conflict with "kubectl" using apps/v1: .spec.replicas` -> manager and field. */
function conflictsOf(status: ApiStatus): { manager: string; field: string }[] {
  return (status.details?.causes ?? [])
    .filter((c) => c.reason === 'FieldManagerConflict')
    .map((c) => ({ manager: /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? 'unknown', field: c.field ?? '(unknown field)' }));
}

/** A typed error naming the object; `verb` and `resource` for permission errors. */
export function objectErrorFrom(ref: string, error: unknown, verb: string, resource: string): Error {
  if (error instanceof ObjectError) return error;
  const status = httpStatusOf(error);
  const body = apiStatusOf(error);
  const message = body?.message ?? (error instanceof Error ? error.message : String(error));
  if (status === 409 && body && conflictsOf(body).length > 0) return new ConflictError(ref, conflictsOf(body), { cause: error });
  if (status === 422 && /immutable/i.test(message)) {
    const fields = (body?.details?.causes ?? []).filter((c) => /immutable/i.test(c.message ?? '')).map((c) => c.field ?? '');
    return new ImmutableFieldError(ref, fields.filter(Boolean), message, { cause: error });
  }
  if (status === 401) return new ForbiddenError(ref, `the cluster refused our credentials (401 Unauthorized); check KUBECONFIG`, { cause: error });
  if (status === 403) return new ForbiddenError(ref, `forbidden: cannot ${verb} ${resource} (403): ${message}`, { cause: error });
  if (status === undefined && networkCode(error)) {
    return new ClusterUnreachableError(`${ref}: the API server is unreachable (${networkCode(error)}); check the cluster and KUBECONFIG`, { cause: error });
  }
  return new ObjectError(ref, status ? `${message} (HTTP ${status})` : message, { cause: error });
}
