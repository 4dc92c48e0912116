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

export interface SecretsBackend {
  /** Human-readable description for messages (never includes credentials). */
  readonly description: string;
  getSecret(lookup: SecretLookup): Promise<string>;
}

export class SecretNotFoundError extends DeploymentAllError {
  override readonly name = 'SecretNotFoundError';
  constructor(lookup: SecretLookup, where: string) {
    super(`secret ${lookup.name} not found at ${lookup.secretsPath}/${lookup.name} in ${where}`);
  }
}
