/**
 * The few operations the deploy needs from an API server, with retries on network
 * failures and server errors, typed errors naming the object, and a request count
 * for benchmarks. Everything else in deploy/ is written against this interface.
 */
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Agent } from 'node:http';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { objectRef } from '../render/objects/k8s-object.js';
import { retry } from '../lib/backoff.js';
import { httpStatusOf, isRetryable, objectErrorFrom } from './api-errors.js';

export const FIELD_MANAGER = 'deployment-all';

export interface ObjectId {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Cluster {
  /** Server-side apply; `dryRun` asks the server what the result would be without storing it. */
  apply(obj: K8sObject, options?: { dryRun?: boolean; force?: boolean }): Promise<K8sObject>;
  /** The live object, or undefined when it does not exist. */
  get(id: ObjectId): Promise<K8sObject | undefined>;
  /** Deletes; false when it was already gone. */
  delete(id: ObjectId, options?: { propagation?: 'Foreground' | 'Background' }): Promise<boolean>;
  list(apiVersion: string, kind: string, namespace: string | undefined, labelSelector?: string): Promise<K8sObject[]>;
  /** HTTP requests made so far (retries included). */
  readonly requests: number;
  /** Closes the kept-alive connections (the process can then exit). */
  close(): void;
}

export interface ClusterOptions {
  /** Attempts after the first on retryable failures. Default 6 (about 20 s of back-off). */
  retries?: number;
  minRetryDelayMs?: number;
}

export function idOf(obj: K8sObject): ObjectId {
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) };
}

/** `Kind/namespace/name` of an object id, as messages name objects. */
export function idRef(id: ObjectId): string {
  return objectRef({ kind: id.kind, metadata: { name: id.name, namespace: id.namespace } });
}

function resourceOf(id: ObjectId): string {
  return `${id.kind.toLowerCase()}s${id.namespace ? ` in namespace ${id.namespace}` : ''}`;
}

type AgentFactory = (cluster: unknown, options: Record<string, unknown>) => Agent;

/**
 * client-node builds a new HTTPS agent, so a new TLS connection and context, for
 * every request (kubernetes-client/javascript#2893): three quarters of a deploy's
 * CPU. One kept-alive agent per cluster instead.
 */
function shareOneAgent(config: KubeConfig): () => void {
  const target = config as unknown as { createAgent: AgentFactory };
  const create = target.createAgent.bind(config);
  let agent: Agent | undefined;
  target.createAgent = (cluster, agentOptions) => (agent ??= create(cluster, { ...agentOptions, keepAlive: true, maxSockets: 16 }));
  return () => agent?.destroy();
}

export function connectCluster(config: KubeConfig, options: ClusterOptions = {}): Cluster {
  const closeAgent = shareOneAgent(config);
  const api = KubernetesObjectApi.makeApiClient(config);
  let requests = 0;
  const call = async <T>(id: ObjectId, verb: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await retry(
        async () => {
          requests++;
          return await fn();
        },
        { attempts: (options.retries ?? 6) + 1, backoff: { initial: options.minRetryDelayMs ?? 250, max: 5000 }, shouldRetry: isRetryable },
      );
    } catch (error) {
      throw objectErrorFrom(idRef(id), error, verb, resourceOf(id));
    }
  };
  const header = (id: ObjectId): KubernetesObject => ({ apiVersion: id.apiVersion, kind: id.kind, metadata: { name: id.name, namespace: id.namespace } });

  return {
    get requests() {
      return requests;
    },
    close: closeAgent,
    async apply(obj, { dryRun = false, force = false } = {}) {
      const id = idOf(obj);
      const result = await call(id, 'patch', () =>
        api.patch(obj as KubernetesObject, undefined, dryRun ? 'All' : undefined, FIELD_MANAGER, force, PatchStrategy.ServerSideApply),
      );
      return result as K8sObject;
    },
    async get(id) {
      return (await call(id, 'get', async () => {
        try {
          return await api.read(header(id) as KubernetesObject & { metadata: { name: string } });
        } catch (error) {
          if (httpStatusOf(error) === 404) return undefined;
          throw error;
        }
      })) as K8sObject | undefined;
    },
    async delete(id, { propagation = 'Background' } = {}) {
      return call(id, 'delete', async () => {
        try {
          await api.delete(header(id), undefined, undefined, undefined, undefined, propagation);
          return true;
        } catch (error) {
          if (httpStatusOf(error) === 404) return false;
          throw error;
        }
      });
    },
    async list(apiVersion, kind, namespace, labelSelector) {
      const id = { apiVersion, kind, name: '*', ...(namespace ? { namespace } : {}) };
      const list = await call(id, 'list', () => api.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector));
      return (list.items ?? []).map((item) => ({ apiVersion, kind, ...item }) as K8sObject);
    },
  };
}
