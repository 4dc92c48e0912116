/**
 * Deploy failures, each naming the object it concerns (`Kind/namespace/name`) and
 * keeping the API server's answer as `cause`.
 */
import { DeploymentAllError } from '../lib/errors.js';

/** Base class: one object could not be applied, read or deleted. */
export class ObjectError extends DeploymentAllError {
  override readonly name: string = 'ObjectError';
  constructor(
    readonly ref: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${ref}: ${message}`, options);
  }
}

/** Another field manager owns a field we set (HTTP 409 on apply). */
export class ConflictError extends ObjectError {
  override readonly name = 'ConflictError';
  constructor(
    ref: string,
    readonly conflicts: { manager: string; field: string }[],
    options?: { cause?: unknown },
  ) {
    super(
      ref,
      `field conflict with another manager: ${conflicts.map((c) => `${c.field} (owned by "${c.manager}")`).join(', ')}; ` +
        'rerun with --force-conflicts to take them over',
      options,
    );
  }
}

/** The change touches a field the API server does not allow to change (HTTP 422). */
export class ImmutableFieldError extends ObjectError {
  override readonly name = 'ImmutableFieldError';
  constructor(
    ref: string,
    readonly fields: string[],
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      ref,
      `cannot change immutable field ${fields.join(', ') || '(see below)'}: ${detail}; ` +
        'to delete and recreate the object, annotate it with deployment-all.io/recreate-on-immutable-change: "true" (never done for PersistentVolumeClaims)',
      options,
    );
  }
}

/** Credentials refused (HTTP 401/403). */
export class ForbiddenError extends ObjectError {
  override readonly name = 'ForbiddenError';
}

/** The API server could not be reached at all. */
export class ClusterUnreachableError extends DeploymentAllError {
  override readonly name = 'ClusterUnreachableError';
}

/** An environment's namespace does not exist and the environment does not let apply create it. */
export class NamespaceMissingError extends DeploymentAllError {
  override readonly name = 'NamespaceMissingError';
  constructor(
    readonly environment: string,
    readonly namespace: string,
  ) {
    super(
      `environment ${environment}: namespace "${namespace}" does not exist; create it (kubectl create namespace ${namespace}), ` +
        `or set create_namespace: true in inventory/environments/${environment}.yml to let apply create it`,
    );
  }
}
