/**
 * Secrets and variables for services. In a pod the deployer has already put each secret
 * into the environment, so that comes first; otherwise the service's own secrets source
 * (for a developer's run: the deployer's backend, `secretsBackendFor()` of src/secrets,
 * passed in by the service's entry point) is asked under `CKI_SECRETS_PATH`. The library
 * names only the shape of a source, so it never depends on the deployer.
 * Every secret read is registered with the logger, so it is redacted from then on.
 */
import { envString, type Env } from './env.js';
import { ConfigError } from './errors.js';
import { registerSecret } from './logging.js';

/** Anything that answers a secret by name and path (every backend of src/secrets does). */
export interface SecretSource {
  getSecret(lookup: { name: string; secretsPath: string }): Promise<string>;
}

export interface SecretOptions {
  env?: Env;
  /** Where a secret that is not in the environment comes from. */
  backend?: SecretSource;
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
    if (options.backend === undefined) {
      throw new ConfigError(`secret ${name} is not set, and no secrets backend was given to read it from ${secretsPath}`);
    }
    value = await options.backend.getSecret({ name, secretsPath });
  }
  registerSecret(value);
  for (const word of value.split(/\s+/)) if (word !== '') registerSecret(word);
  return value;
}

/** A non-secret variable; without a default a missing one is an error naming it. */
export function serviceVariable(name: string, fallback?: string, env: Env = process.env): string {
  return envString(name, fallback, env);
}
