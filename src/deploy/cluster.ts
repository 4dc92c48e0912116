/**
 * The few operations the deploy needs from an API server, with retries on network
 * failures and server errors, typed errors naming the object, and a request count
 * for benchmarks. Everything else in deploy/ is written against this interface.
 * Requests are plain JSON (api-request.ts).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Agent } from 'node:http';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { objectRef } from '../render/objects/k8s-object.js';
import { retry } from '../lib/backoff.js';
import { httpStatusOf, isRetryable, objectErrorFrom } from './api-errors.js';
import { requesterFor, resourceFinder } from './api-request.js';

export const FIELD_MANAGER = 'deployment-all';

/** The media type of a list of objects' metadata alone. */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

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
  /**
   * `metadataOnly`: each object's metadata alone (PartialObjectMetadata; a server that
   * cannot answer so sends whole objects).
   */
  list(apiVersion: string, kind: string, namespace: string | undefined, labelSelector?: string, options?: { metadataOnly?: boolean }): Promise<K8sObject[]>;
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

function resourceName(id: ObjectId): string {
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
  const send = requesterFor(config);
  const resourceOf = resourceFinder(send);
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
      throw objectErrorFrom(idRef(id), error, verb, resourceName(id));
    }
  };
  /** The URL path of `id` (of its collection when `name` is undefined), with `query`. */
  const pathOf = async (id: Omit<ObjectId, 'name'> & { name?: string }, query: Record<string, string | undefined> = {}): Promise<string> => {
    const resource = await resourceOf(id.apiVersion, id.kind);
    const scope = resource.namespaced && id.namespace ? `/namespaces/${encodeURIComponent(id.namespace)}` : '';
    const name = id.name === undefined ? '' : `/${encodeURIComponent(id.name)}`;
    const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    return `${resource.groupVersion}${scope}/${resource.plural}${name}${search ? `?${search}` : ''}`;
  };

  return {
    get requests() {
      return requests;
    },
    close: closeAgent,
    async apply(obj, { dryRun = false, force = false } = {}) {
      const id = idOf(obj);
      const query = { fieldManager: FIELD_MANAGER, force: String(force), dryRun: dryRun ? 'All' : undefined };
      return (await call(id, 'patch', async () =>
        send({ method: 'PATCH', path: await pathOf(id, query), body: obj, contentType: 'application/apply-patch+yaml' }),
      )) as K8sObject;
    },
    async get(id) {
      return (await call(id, 'get', async () => {
        try {
          return await send({ method: 'GET', path: await pathOf(id) });
        } catch (error) {
          if (httpStatusOf(error) === 404) return undefined;
          throw error;
        }
      })) as K8sObject | undefined;
    },
    async delete(id, { propagation = 'Background' } = {}) {
      return call(id, 'delete', async () => {
        try {
          await send({ method: 'DELETE', path: await pathOf(id), body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: propagation } });
          return true;
        } catch (error) {
          if (httpStatusOf(error) === 404) return false;
          throw error;
        }
      });
    },
    async list(apiVersion, kind, namespace, labelSelector, { metadataOnly = false } = {}) {
      const id = { apiVersion, kind, name: '*', ...(namespace ? { namespace } : {}) };
      const accept = metadataOnly ? `${METADATA_ONLY},application/json` : 'application/json';
      const path = async (): Promise<string> => pathOf({ apiVersion, kind, namespace }, { labelSelector });
      const list = (await call(id, 'list', async () => send({ method: 'GET', path: await path(), accept }))) as { items?: K8sObject[] } | undefined;
      // Items of a list carry no apiVersion and kind, those of a metadata list PartialObjectMetadata's: the real ones, first as in a single object.
      return (list?.items ?? []).map((item) => Object.assign({ apiVersion, kind }, item, { apiVersion, kind }));
    },
  };
}
