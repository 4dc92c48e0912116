/**
 * Secrets and variables for services, through the same backends as the deployer. In a
 * pod the deployer has already put each secret into the environment, so that comes
 * first; a developer's run falls back to the deployer's backend (Vault when
 * `VAULT_ADDR` is set, else the local secrets file) under `CKI_SECRETS_PATH`.
 * Every secret read is registered with the logger, so it is redacted from then on.
 */
import { type SecretsBackend } from '../secrets/backend.js';
import { secretsBackendFor } from '../secrets/backend-choice.js';
import { ConfigError } from './duration.js';
import { envString, type Env } from './env.js';
import { registerSecret } from './logging.js';

export interface SecretOptions {
  env?: Env;
  /** Default: the deployer's choice of backend for this environment. */
  backend?: SecretsBackend;
}

/** A secret by its catalogue name (e.g. `GITLAB_TOKEN`). */
export async function serviceSecret(name: string, options: SecretOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const fromEnv = env[name];
  let value: string;
  if (fromEnv !== undefined && fromEnv !== '') {
    value = fromEnv;
  } else {
    const secretsPath = env.CKI_SECRETS_PATH;
    if (secretsPath === undefined || secretsPath === '') {
      throw new ConfigError(`secret ${name} is not set, and CKI_SECRETS_PATH does not say where else to read it`);
    }
    const backend = options.backend ?? secretsBackendFor({}, env as NodeJS.ProcessEnv);
    value = await backend.getSecret({ name, secretsPath });
  }
  registerSecret(value);
  for (const word of value.split(/\s+/)) if (word !== '') registerSecret(word);
  return value;
}

/** A non-secret variable; without a default a missing one is an error naming it. */
export function serviceVariable(name: string, fallback?: string, env: Env = process.env): string {
  return envString(name, fallback, env);
}
