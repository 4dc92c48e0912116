/** Which secrets backend a command uses: Vault when VAULT_ADDR is set, else the local file. */
import { UsageError } from '../lib/errors.js';
import type { SecretsBackend } from './backend.js';
import { defaultSecretsFile, LocalFileBackend } from './local-file-backend.js';
import { VaultBackend, vaultAuthFromEnv } from './vault-backend.js';

export interface BackendChoice {
  secretsFile?: string;
  /** `vault` or `file`; default vault when VAULT_ADDR is set and no --secrets-file is given. */
  secretsBackend?: string;
}

export function secretsBackendFor(choice: BackendChoice, env: NodeJS.ProcessEnv): SecretsBackend {
  const kind = choice.secretsBackend ?? (choice.secretsFile === undefined && env.VAULT_ADDR ? 'vault' : 'file');
  if (kind === 'file') return new LocalFileBackend(choice.secretsFile ?? defaultSecretsFile(env));
  if (kind !== 'vault') throw new UsageError(`--secrets-backend ${kind}: use vault or file`);
  if (!env.VAULT_ADDR) throw new UsageError('--secrets-backend vault needs VAULT_ADDR');
  return new VaultBackend({ endpoint: env.VAULT_ADDR, auth: vaultAuthFromEnv(env), kvMount: env.VAULT_KV_MOUNT });
}
