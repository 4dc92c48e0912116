/**
 * Plain JSON requests to the API server with the kubeconfig's credentials and
 * connection settings (KubeConfig.applyToHTTPSOptions: CA, client certificate, token or
 * exec plugin, proxy), and the resource paths of kinds found by discovery.
 *
 * Why not client-node's KubernetesObjectApi: it converts every object to and from its
 * generated model classes (ObjectSerializer) and asks for compressed answers, which
 * made a no-op deploy of 200 projects spend a third of its time decoding lists and a
 * first deploy a sixth of its CPU serializing. The deploy only ever needs plain JSON.
 */
import { ApiException, type KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

export interface ApiRequest {
  method: 'GET' | 'PATCH' | 'DELETE';
  /** Path under the server's URL, with its query. */
  path: string;
  body?: unknown;
  contentType?: string;
  /** Default `application/json`. */
  accept?: string;
}

export type Requester = (request: ApiRequest) => Promise<unknown>;

async function readAll(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends requests to the current cluster of `config`; the answer's JSON, or an
 * ApiException carrying the server's Status (what api-errors.ts reads) for any status
 * but 2xx.
 */
export function requesterFor(config: KubeConfig): Requester {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = new URL(cluster.server);
  const prefix = server.pathname.replace(/\/$/, '');
  const send = server.protocol === 'http:' ? httpRequest : httpsRequest;
  return async ({ method, path, body, contentType = 'application/json', accept = 'application/json' }) => {
    const options: RequestOptions = { method, headers: { Accept: accept } };
    await config.applyToHTTPSOptions(options);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // Content-Length always: node frames no DELETE body by itself, and the server would read it as the next request.
    if (payload !== undefined)
      Object.assign(options.headers as Record<string, string | number>, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) });
    const url = new URL(prefix + path, server);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, options, resolve);
      req.on('error', reject);
      req.end(payload);
    });
    const text = await readAll(response);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return text === '' ? undefined : (JSON.parse(text) as unknown);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a proxy's page): kept as text
    }
    throw new ApiException(status, `HTTP ${status} from ${method} ${url.pathname}`, parsed, response.headers as Record<string, string>);
  };
}

/** How the server serves a kind: its resource name and whether it is namespaced. */
export interface ResourceInfo {
  /** `/api/v1`, `/apis/apps/v1`. */
  groupVersion: string;
  /** The resource's name: `deployments`. */
  plural: string;
  namespaced: boolean;
}

interface ResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/**
 * Resources by apiVersion and kind, from the server's discovery documents, read once
 * per apiVersion; read again when a kind is missing (its CustomResourceDefinition may
 * have been created since).
 */
export function resourceFinder(send: Requester): (apiVersion: string, kind: string) => Promise<ResourceInfo> {
  const lists = new Map<string, Promise<ResourceList>>();
  const listOf = (apiVersion: string, fresh: boolean): Promise<ResourceList> => {
    let list = fresh ? undefined : lists.get(apiVersion);
    if (!list) {
      list = (send({ method: 'GET', path: groupVersionPath(apiVersion) }) as Promise<ResourceList>).catch((error: unknown) => {
        if (error instanceof ApiException && error.code === 404) return {}; // no such group or version: no kinds
        throw error;
      });
      lists.set(apiVersion, list);
      list.catch(() => lists.delete(apiVersion)); // a failure is asked again next time
    }
    return list;
  };
  const find = (list: ResourceList, kind: string) => list.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
  return async (apiVersion, kind) => {
    const found = find(await listOf(apiVersion, false), kind) ?? find(await listOf(apiVersion, true), kind);
    if (!found) {
      // "not found": listManaged takes a kind the server does not serve yet as one with nothing live.
      throw new Error(`kind ${kind} of ${apiVersion} not found on the API server; is its CustomResourceDefinition installed?`);
    }
    return { groupVersion: groupVersionPath(apiVersion), plural: found.name, namespaced: found.namespaced };
  };
}
