/**
 * Which version of each secret is active in each environment's secrets path, and which
 * version each project deployed there (its last revision): a project still running a
 * version that is no longer the active one is `stale` and needs an `apply`. Pure.
 */
import type { Revision } from '../deploy/inventory-store.js';

/** A project's deployed version of a secret. */
export interface DeployedSecret {
  project: string;
  version: string;
  /** The revision that deployed it. */
  revision: number;
  /** The deployed version is not the active one (rotated since, or gone from the backend). */
  stale: boolean;
}

export interface SecretInEnvironment {
  environment: string;
  /** The active version in the environment's secrets path; undefined when the backend has no such secret there. */
  active?: string;
  deployed: DeployedSecret[];
}

/** What one environment has: active versions by secret name, and each deployed project's last revision. */
export interface EnvironmentSecrets {
  environment: string;
  active: ReadonlyMap<string, string | undefined>;
  /** Projects deployed there (retired ones left out) with their newest revision. */
  latest: readonly { project: string; revision: Revision }[];
}

/** For each secret name, the environments where it is active or deployed, in the order given. */
export function secretVersions(names: readonly string[], environments: readonly EnvironmentSecrets[]): Map<string, SecretInEnvironment[]> {
  const result = new Map<string, SecretInEnvironment[]>();
  for (const name of names) {
    const rows: SecretInEnvironment[] = [];
    for (const env of environments) {
      const active = env.active.get(name);
      const deployed = env.latest
        .flatMap(({ project, revision }) => {
          const version = revision.secrets?.[name];
          return version === undefined ? [] : [{ project, version, revision: revision.number, stale: version !== active }];
        })
        .sort((a, b) => a.project.localeCompare(b.project));
      if (active === undefined && deployed.length === 0) continue;
      rows.push({ environment: env.environment, ...(active === undefined ? {} : { active }), deployed });
    }
    result.set(name, rows);
  }
  return result;
}
