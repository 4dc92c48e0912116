/**
 * What `deployment-all secrets` reports: the catalogue's expiry dates, completed by the
 * backend's own (Vault KV v2 `custom_metadata.expires`) for secrets the catalogue gives
 * none, and, with `versions`, the active version of each secret per environment against
 * the version each project deployed there. Reads metadata and stored revisions, never values.
 */
import type { ClusterOptions } from '../deploy/environment.js';
import type { Inventory } from '../render/inventory.js';
import type { SecretsBackend } from './backend.js';
import { describeSecrets } from './describe-all.js';
import { secretExpiries, type BackendExpiry, type SecretExpiry } from './expiry.js';
import { secretVersions, type SecretInEnvironment } from './versions.js';

export interface SecretReportRow extends SecretExpiry {
  /** With `versions`: per environment, the active version and the deployed ones. */
  environments?: SecretInEnvironment[];
}

export interface SecretReportOptions extends ClusterOptions {
  inventory: Inventory;
  now: Date;
  windowDays: number;
  /** Asked for metadata; none: the catalogue only. */
  backend?: SecretsBackend;
  /** Also read the active versions and the deployed ones (needs the backend and the clusters). */
  versions?: boolean;
}

export async function secretReport(options: SecretReportOptions): Promise<SecretReportRow[]> {
  const { inventory, backend } = options;
  const names = Object.keys(inventory.secrets.secrets);
  if (!backend) return secretExpiries(inventory.secrets, options.now, options.windowDays);
  // Without versions, only the secrets the catalogue gives no date need the backend.
  const wanted = options.versions ? names : names.filter((n) => inventory.secrets.secrets[n]?.expires === undefined);
  const described = await describeSecrets(
    backend,
    inventory.environments.map((e) => ({ environment: e.name, secretsPath: e.secrets_path, names: wanted })),
  );
  const backendExpiries: BackendExpiry[] = [...described.values()].flatMap((byName) =>
    [...byName].flatMap(([name, m]) => (m?.expires === undefined ? [] : [{ name, expires: m.expires, where: m.where }])),
  );
  const rows: SecretReportRow[] = secretExpiries(inventory.secrets, options.now, options.windowDays, backendExpiries);
  if (!options.versions) return rows;
  const { readDeployedRevisions } = await import('../deploy/deployed-revisions.js');
  const deployed = await readDeployedRevisions(options, inventory.environments);
  const versions = secretVersions(
    names,
    inventory.environments.map((e) => ({
      environment: e.name,
      active: new Map([...(described.get(e.name) ?? [])].map(([name, m]) => [name, m?.version])),
      latest: deployed.get(e.name) ?? [],
    })),
  );
  return rows.map((row) => ({ ...row, environments: versions.get(row.name) ?? [] }));
}
