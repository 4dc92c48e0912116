/**
 * Resolves image tags to digests through a registry's HTTP API (the OCI distribution
 * spec): a HEAD of the manifest, with the token or basic authentication the registry
 * asks for in its 401 answer. Errors name the image and the registry, never a credential.
 */
import { createHash } from 'node:crypto';
import { DeploymentAllError } from '../lib/errors.js';
import { fetchWithRetry } from '../lib/http.js';
import { parseImageReference, type ImageReference } from './reference.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryAccess {
  /** Plain HTTP instead of HTTPS (a registry on loopback only). */
  insecure?: boolean;
  credentials?: RegistryCredentials;
  /** Attempts for network errors and 5xx (default 3). */
  attempts?: number;
}

/** A tag could not be resolved: the message says which image, which registry, and what to do. */
export class RegistryError extends DeploymentAllError {
  override readonly name = 'RegistryError';
}

/** Every manifest kind a tag may point to; the digest is of whichever the registry stores. */
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** The parameters of a `WWW-Authenticate` challenge: `Bearer realm="...",service="..."`. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/([A-Za-z_]+)="([^"]*)"/g)) params[(m[1] ?? '').toLowerCase()] = m[2] ?? '';
  return { scheme, params };
}

function basic(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export class RegistryClient {
  /** Authorization header per registry and repository, reused for the run. */
  private readonly authorizations = new Map<string, string>();

  constructor(private readonly accessFor: (registry: string) => RegistryAccess) {}

  /** The digest `image` (a reference with a tag) points to now. */
  async resolve(image: string): Promise<string> {
    const ref = parseImageReference(image);
    if (ref.digest) return ref.digest;
    const access = this.accessFor(ref.registry);
    const url = `${access.insecure ? 'http' : 'https'}://${ref.registry}/v2/${ref.repository}/manifests/${ref.tag ?? 'latest'}`;
    const key = `${ref.registry}/${ref.repository}`;
    let response = await this.request(image, ref, url, 'HEAD', this.authorizations.get(key), access);
    if (response.status === 401) {
      const authorization = await this.authorize(image, ref, response.headers.get('www-authenticate') ?? '', access);
      this.authorizations.set(key, authorization);
      response = await this.request(image, ref, url, 'HEAD', authorization, access);
      if (response.status === 401) {
        throw new RegistryError(
          `image ${image}: registry ${ref.registry} refused the credentials${access.credentials ? ` of user ${access.credentials.username}` : ''}; check the environment's image_registries credentials in the secrets backend`,
        );
      }
    }
    if (response.status === 403)
      throw new RegistryError(`image ${image}: registry ${ref.registry} denies access to ${ref.repository} (403); give the registry user pull rights`);
    if (response.status === 404)
      throw new RegistryError(`image ${image}: no tag "${ref.tag ?? 'latest'}" in ${ref.registry}/${ref.repository}; push it or fix the image reference`);
    if (!response.ok)
      throw new RegistryError(`image ${image}: registry ${ref.registry} answered ${response.status} ${response.statusText} to a manifest request`);
    const header = response.headers.get('docker-content-digest');
    if (header) return header;
    // Digest header missing (allowed by the spec for HEAD): hash the manifest itself.
    const body = await this.request(image, ref, url, 'GET', this.authorizations.get(key), access);
    if (!body.ok) throw new RegistryError(`image ${image}: registry ${ref.registry} answered ${body.status} to a manifest GET`);
    return `sha256:${createHash('sha256')
      .update(Buffer.from(await body.arrayBuffer()))
      .digest('hex')}`;
  }

  private async request(
    image: string,
    ref: ImageReference,
    url: string,
    method: string,
    authorization: string | undefined,
    access: RegistryAccess,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: MANIFEST_TYPES };
    if (authorization) headers.authorization = authorization;
    try {
      return await fetchWithRetry(url, { method, headers }, { attempts: access.attempts ?? 3, timeout: '15s' });
    } catch (error) {
      // The innermost cause names the socket error (ECONNREFUSED, ...), not "fetch failed".
      let cause: unknown = error;
      while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
      throw new RegistryError(`image ${image}: cannot reach registry ${ref.registry} (${(cause as Error).message}); is it up, and is image_registries right?`, {
        cause: error,
      });
    }
  }

  /** The Authorization header the registry's challenge asks for. */
  private async authorize(image: string, ref: ImageReference, header: string, access: RegistryAccess): Promise<string> {
    const { scheme, params } = parseChallenge(header);
    if (scheme === 'basic') {
      if (!access.credentials)
        throw new RegistryError(`image ${image}: registry ${ref.registry} asks for credentials; add them to the environment's image_registries`);
      return basic(access.credentials);
    }
    if (scheme !== 'bearer' || !params.realm)
      throw new RegistryError(`image ${image}: registry ${ref.registry} asks for an authentication this tool does not speak ("${header.slice(0, 40)}")`);
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set('scope', params.scope ?? `repository:${ref.repository}:pull`);
    const headers: Record<string, string> = access.credentials ? { authorization: basic(access.credentials) } : {};
    let answer: Response;
    try {
      answer = await fetchWithRetry(tokenUrl, { headers }, { attempts: access.attempts ?? 3, timeout: '15s' });
    } catch (error) {
      throw new RegistryError(`image ${image}: cannot reach the token service of registry ${ref.registry} (${tokenUrl.host})`, { cause: error });
    }
    if (answer.status === 401 || answer.status === 403)
      throw new RegistryError(`image ${image}: the token service of registry ${ref.registry} refused the credentials; check image_registries`);
    if (!answer.ok) throw new RegistryError(`image ${image}: the token service of registry ${ref.registry} answered ${answer.status}`);
    const body = (await answer.json()) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === 'string' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') throw new RegistryError(`image ${image}: the token service of registry ${ref.registry} gave no token`);
    return `Bearer ${token}`;
  }
}
