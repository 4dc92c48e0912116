/**
 * Secrets from Vault (or OpenBao: same API), KV version 2: the value of NAME for an
 * environment is the `value` key of `<mount>/data/<secrets_path>/<NAME>`.
 * Authentication: a token, AppRole, or Kubernetes service-account login.
 */
import { readFileSync } from 'node:fs';
import vault from 'node-vault';
import { DeploymentAllError } from '../lib/errors.js';
import { isRecord } from '../lib/is-record.js';
import { isExpiryDate } from '../lib/secret-expiry.js';
import { SecretNotFoundError, type SecretLookup, type SecretMetadata, type SecretsBackend, type SecretValue } from './backend.js';

export type VaultAuth =
  | { method: 'token'; token: string }
  | { method: 'approle'; roleId: string; secretId: string; mount?: string }
  | { method: 'kubernetes'; role: string; jwt: string; mount?: string };

export interface VaultBackendOptions {
  endpoint: string;
  auth: VaultAuth;
  /** KV v2 mount point. Default `secret`. */
  kvMount?: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** From VAULT_TOKEN, VAULT_ROLE_ID + VAULT_SECRET_ID, or VAULT_KUBERNETES_ROLE (+ VAULT_KUBERNETES_JWT_FILE). */
export function vaultAuthFromEnv(env: NodeJS.ProcessEnv): VaultAuth {
  if (env.VAULT_ROLE_ID && env.VAULT_SECRET_ID)
    return { method: 'approle', roleId: env.VAULT_ROLE_ID, secretId: env.VAULT_SECRET_ID, mount: env.VAULT_APPROLE_MOUNT };
  if (env.VAULT_KUBERNETES_ROLE) {
    const file = env.VAULT_KUBERNETES_JWT_FILE ?? SERVICE_ACCOUNT_TOKEN;
    let jwt: string;
    try {
      jwt = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new DeploymentAllError(`Vault Kubernetes login: cannot read the service-account token ${file}`, { cause: error });
    }
    return { method: 'kubernetes', role: env.VAULT_KUBERNETES_ROLE, jwt, mount: env.VAULT_KUBERNETES_MOUNT };
  }
  if (env.VAULT_TOKEN) return { method: 'token', token: env.VAULT_TOKEN };
  throw new DeploymentAllError('Vault: no credentials; set VAULT_TOKEN, VAULT_ROLE_ID and VAULT_SECRET_ID, or VAULT_KUBERNETES_ROLE');
}

function statusOf(error: unknown): number | undefined {
  const response = isRecord(error) && isRecord(error.response) ? error.response : undefined;
  return typeof response?.statusCode === 'number' ? response.statusCode : typeof response?.status === 'number' ? response.status : undefined;
}

export class VaultBackend implements SecretsBackend {
  readonly description: string;
  private readonly client: vault.client;
  private login?: Promise<void>;
  private readonly mount: string;

  constructor(private readonly options: VaultBackendOptions) {
    this.description = `Vault at ${options.endpoint}`;
    this.mount = options.kvMount ?? 'secret';
    this.client = vault({ endpoint: options.endpoint, apiVersion: 'v1', ...(options.auth.method === 'token' ? { token: options.auth.token } : {}) });
  }

  private ensureLogin(): Promise<void> {
    const auth = this.options.auth;
    if (auth.method === 'token') return Promise.resolve();
    this.login ??= (async () => {
      try {
        // node-vault keeps the token it receives (tokenSource) for the next requests.
        if (auth.method === 'approle')
          await this.client.approleLogin({ role_id: auth.roleId, secret_id: auth.secretId, ...(auth.mount ? { mount_point: auth.mount } : {}) });
        else await this.client.kubernetesLogin({ role: auth.role, jwt: auth.jwt, mount_point: auth.mount ?? 'kubernetes' });
      } catch (error) {
        this.login = undefined;
        throw new DeploymentAllError(
          `${this.description}: ${auth.method} login failed (HTTP ${statusOf(error) ?? 'error'}); check the role and its credentials`,
          { cause: error },
        );
      }
    })();
    return this.login;
  }

  /** GET `path`; undefined on 404, a DeploymentAllError naming the path otherwise. */
  private async readPath(path: string): Promise<unknown> {
    await this.ensureLogin();
    try {
      return await this.client.read(path);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return undefined;
      if (status === 403)
        throw new DeploymentAllError(`${this.description}: permission denied reading ${path} (403); check the policy of the token or role`, { cause: error });
      throw new DeploymentAllError(`${this.description}: cannot read ${path} (${status ? `HTTP ${status}` : (error as Error).message})`, { cause: error });
    }
  }

  async getSecret(lookup: SecretLookup): Promise<string> {
    return (await this.readSecret(lookup)).value;
  }

  async readSecret(lookup: SecretLookup): Promise<SecretValue> {
    const path = `${this.mount}/data/${lookup.secretsPath}/${lookup.name}`;
    const response = await this.readPath(path);
    if (response === undefined) throw new SecretNotFoundError(lookup, this.description);
    const body = isRecord(response) && isRecord(response.data) ? response.data : undefined;
    const value = isRecord(body?.data) ? body.data.value : undefined;
    if (typeof value !== 'string') {
      throw new DeploymentAllError(`${this.description}: ${path} has no string key "value"; store the secret as {"value": "..."}`);
    }
    // KV v2 answers the version it read in data.metadata.version.
    const version = isRecord(body?.metadata) ? body.metadata.version : undefined;
    return { value, version: typeof version === 'number' ? String(version) : 'unknown' };
  }

  /** KV v2 metadata (`<mount>/metadata/...`, which the policy must allow reading): current_version and custom_metadata.expires. */
  async describeSecret(lookup: SecretLookup): Promise<SecretMetadata | undefined> {
    const where = `${this.mount}/metadata/${lookup.secretsPath}/${lookup.name}`;
    const response = await this.readPath(where);
    const data = isRecord(response) && isRecord(response.data) ? response.data : undefined;
    if (data === undefined) return undefined;
    const metadata: SecretMetadata = { version: String(data.current_version ?? 'unknown'), where };
    const expires = isRecord(data.custom_metadata) ? data.custom_metadata.expires : undefined;
    if (expires === undefined || expires === null) return metadata;
    if (typeof expires !== 'string' || !isExpiryDate(expires)) {
      throw new DeploymentAllError(
        `${this.description}: ${where}: custom_metadata.expires ${JSON.stringify(expires)} is not a date YYYY-MM-DD; correct it (vault kv metadata patch -custom-metadata=expires=YYYY-MM-DD ${lookup.secretsPath}/${lookup.name})`,
      );
    }
    return { ...metadata, expires };
  }
}
