/** The backend's metadata (active version, expiry) of many secrets in many secrets paths, a few requests at a time. Never values. */
import pLimit from 'p-limit';
import type { SecretMetadata, SecretsBackend } from './backend.js';

export interface DescribeRequest {
  environment: string;
  secretsPath: string;
  names: readonly string[];
}

/** By environment, then secret name; undefined where the secret is not stored in that path. */
export async function describeSecrets(
  backend: SecretsBackend,
  requests: readonly DescribeRequest[],
  concurrency = 8,
): Promise<Map<string, Map<string, SecretMetadata | undefined>>> {
  const limit = pLimit(concurrency);
  const result = new Map<string, Map<string, SecretMetadata | undefined>>();
  await Promise.all(
    requests.map(async ({ environment, secretsPath, names }) => {
      const byName = new Map<string, SecretMetadata | undefined>();
      result.set(environment, byName);
      await Promise.all(names.map((name) => limit(async () => byName.set(name, await backend.describeSecret({ name, secretsPath })))));
    }),
  );
  return result;
}
