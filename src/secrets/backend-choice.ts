/** Which secrets backend a command uses: Vault when VAULT_ADDR is set, else the local file. */
import { UsageError } from '../lib/errors.js';
import type { SecretsBackend } from './backend.js';
import { defaultSecretsFile, LocalFileBackend } from './local-file-backend.js';

export interface BackendChoice {
  secretsFile?: string;
  /** `vault` or `file`; default vault when VAULT_ADDR is set and no --secrets-file is given. */
  secretsBackend?: string;
}

/** The kind of backend the choice names (checked by secretsBackendFor). */
export function backendKind(choice: BackendChoice, env: NodeJS.ProcessEnv): string {
  return choice.secretsBackend ?? (choice.secretsFile === undefined && env.VAULT_ADDR ? 'vault' : 'file');
}

/** The Vault client (node-vault and its HTTP stack) is loaded only when Vault is the backend: every deploy job is a cold process. */
export async function secretsBackendFor(choice: BackendChoice, env: NodeJS.ProcessEnv): Promise<SecretsBackend> {
  const kind = backendKind(choice, env);
  if (kind === 'file') return new LocalFileBackend(choice.secretsFile ?? defaultSecretsFile(env));
  if (kind !== 'vault') throw new UsageError(`--secrets-backend ${kind}: use vault or file`);
  if (!env.VAULT_ADDR) throw new UsageError('--secrets-backend vault needs VAULT_ADDR');
  const { VaultBackend, vaultAuthFromEnv } = await import('./vault-backend.js');
  return new VaultBackend({ endpoint: env.VAULT_ADDR, auth: vaultAuthFromEnv(env), kvMount: env.VAULT_KV_MOUNT });
}
