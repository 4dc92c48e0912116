/** Which secrets backend a command uses: the local file now; Vault when configured. */
import type { SecretsBackend } from './backend.js';
import { defaultSecretsFile, LocalFileBackend } from './local-file-backend.js';

export interface BackendChoice {
  secretsFile?: string;
}

export function secretsBackendFor(choice: BackendChoice, env: NodeJS.ProcessEnv): SecretsBackend {
  return new LocalFileBackend(choice.secretsFile ?? defaultSecretsFile(env));
}
