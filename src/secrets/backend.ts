/**
 * Where secret values come from. The render never asks: only `secret NAME` (for
 * shell scripts) and, later, the deploy at apply time. Errors name the secret, never a value.
 */
import { DeploymentAllError } from '../lib/errors.js';

export interface SecretLookup {
  /** Catalogue name, e.g. GITLAB_TOKEN. */
  name: string;
  /** The environment's secrets_path, e.g. cki/production. */
  secretsPath: string;
}

/** A value and which version of the secret it is. */
export interface SecretValue {
  value: string;
  /**
   * The backend's version id: Vault KV v2's version number, the local file's content
   * hash prefix (see contentVersion). Recorded in revisions and printed; never the value.
   */
  version: string;
}

/** What the backend knows about a secret besides its value. */
export interface SecretMetadata {
  /** The active (current) version id. */
  version: string;
  /** YYYY-MM-DD from the backend's own metadata (Vault KV v2 `custom_metadata.expires`), checked. */
  expires?: string;
  /** Where the metadata was read, for messages: e.g. `secret/metadata/cki/production/API_TOKEN`. */
  where: string;
}

export interface SecretsBackend {
  /** Human-readable description for messages (never includes credentials). */
  readonly description: string;
  getSecret(lookup: SecretLookup): Promise<string>;
  /** The value with its version id, for the deploy, which records the versions it deployed. */
  readSecret(lookup: SecretLookup): Promise<SecretValue>;
  /** The active version and expiry metadata, never the value; undefined when the secret is not stored there. */
  describeSecret(lookup: SecretLookup): Promise<SecretMetadata | undefined>;
}

export class SecretNotFoundError extends DeploymentAllError {
  override readonly name = 'SecretNotFoundError';
  constructor(lookup: SecretLookup, where: string) {
    super(`secret ${lookup.name} not found at ${lookup.secretsPath}/${lookup.name} in ${where}`);
  }
}
