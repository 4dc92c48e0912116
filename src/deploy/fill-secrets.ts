/**
 * Secret values enter the objects here, in memory, right before the apply: every
 * placeholder of every selected project is resolved first, so a missing secret
 * stops the run before anything is applied. Values never leave this module except
 * inside the objects sent to the API server.
 */
import { createHash } from 'node:crypto';
import { DeploymentAllError } from '../lib/errors.js';
import { isRecord } from '../lib/is-record.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { placeholderSecretName } from '../render/secret-placeholder.js';
import type { SecretsBackend, SecretValue } from '../secrets/backend.js';

/** Resolves each (secrets path, name) once per run. */
export class SecretResolver {
  private readonly cache = new Map<string, Promise<SecretValue>>();
  constructor(private readonly backend: SecretsBackend) {}

  /** The value with its version id. */
  read(secretsPath: string, name: string): Promise<SecretValue> {
    const key = `${secretsPath}\u0000${name}`;
    let value = this.cache.get(key);
    if (!value) {
      value = this.backend.readSecret({ name, secretsPath });
      this.cache.set(key, value);
    }
    return value;
  }

  async get(secretsPath: string, name: string): Promise<string> {
    return (await this.read(secretsPath, name)).value;
  }

  /** Every value fetched so far, for masking output. */
  async knownValues(): Promise<string[]> {
    const settled = await Promise.allSettled(this.cache.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' && s.value.value !== '' ? [s.value.value] : []));
  }
}

export interface FilledObjects {
  objects: K8sObject[];
  /**
   * Digest of the secret values and their versions, so a rotated secret is not a no-op
   * (nor a new version of the same value: the revision must record it). Not reversible in
   * practice: one digest over all values.
   */
  secretsDigest: string;
  /** The version of each secret filled in, by catalogue name (for the revision; never values). */
  secretVersions: Record<string, string>;
}

/** Copies `objects`, with Secret placeholders replaced by their values. */
export async function fillSecrets(objects: readonly K8sObject[], secretsPath: string, resolver: SecretResolver): Promise<FilledObjects> {
  const digest = createHash('sha256');
  const filled: K8sObject[] = [];
  const secretVersions: Record<string, string> = {};
  for (const obj of objects) {
    if (obj.kind !== 'Secret' || !isRecord(obj.stringData)) {
      filled.push(obj);
      continue;
    }
    const stringData: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(obj.stringData)) {
      const name = typeof value === 'string' ? placeholderSecretName(value) : undefined;
      if (name === undefined) {
        stringData[key] = value;
        continue;
      }
      let secret: SecretValue;
      try {
        secret = await resolver.read(secretsPath, name);
      } catch (error) {
        if (error instanceof DeploymentAllError)
          throw new DeploymentAllError(`Secret/${obj.metadata.namespace ?? ''}/${obj.metadata.name}: ${error.message}`, { cause: error });
        throw error;
      }
      digest.update(`${name}\u0000${secret.version}\u0000${secret.value}\u0000`);
      secretVersions[name] = secret.version;
      stringData[key] = secret.value;
    }
    filled.push({ ...obj, stringData });
  }
  return { objects: filled, secretsDigest: digest.digest('hex'), secretVersions };
}
