/** Copies of the bundled repository (projects/ and inventory/) deploying to test namespaces. */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { REPOSITORY_ROOT } from '../../helpers/fixture-repo.js';
import { apiStatus, kubeClients } from './kube.js';

/**
 * A copy of `folders` (by default projects/ and inventory/) whose environments deploy to
 * the given namespaces (environment name -> namespace).
 */
export function bundledRepoIn(namespaces: Record<string, string>, folders = ['projects', 'inventory']): string {
  const root = mkdtempSync(join(tmpdir(), 'deployment-all-bundled-'));
  for (const folder of folders) cpSync(join(REPOSITORY_ROOT, folder), join(root, folder), { recursive: true });
  for (const [environment, namespace] of Object.entries(namespaces)) {
    const file = join(root, `inventory/environments/${environment}.yml`);
    const text = readFileSync(file, 'utf8');
    const moved = text.replace(/^namespace: .*$/m, `namespace: ${namespace}`);
    if (moved === text) throw new Error(`${file}: no "namespace:" line to point at the test namespace`);
    writeFileSync(file, moved);
  }
  return root;
}

/** A fake value for every secret of the catalogue, in a private file. */
export function fakeSecrets(root: string): { file: string; values: string[] } {
  const catalogue = load(readFileSync(join(root, 'inventory/secrets.yml'), 'utf8')) as { secrets: Record<string, unknown> };
  const values = Object.fromEntries(Object.keys(catalogue.secrets).map((name) => [name, `fake-${name.toLowerCase()}-${randomBytes(6).toString('hex')}`]));
  const file = join(root, 'secrets.yml');
  writeFileSync(
    file,
    Object.entries(values)
      .map(([name, value]) => `${name}: ${value}\n`)
      .join(''),
    { mode: 0o600 },
  );
  return { file, values: Object.values(values) };
}

/**
 * Deletes what the bundled status-page project made outside its namespaces (its
 * ClusterRole and ClusterRoleBinding, named after the namespace): deleting a namespace
 * leaves them. Missing ones are fine.
 */
export async function deleteClusterScoped(namespaces: readonly string[]): Promise<void> {
  const rbac = kubeClients().config.makeApiClient(k8s.RbacAuthorizationV1Api);
  const missingIsFine = (error: unknown): void => {
    if (apiStatus(error) !== 404) throw error;
  };
  for (const namespace of namespaces) {
    const name = `status-page-${namespace}`;
    await rbac.deleteClusterRoleBinding({ name }).then(() => undefined, missingIsFine);
    await rbac.deleteClusterRole({ name }).then(() => undefined, missingIsFine);
  }
}
