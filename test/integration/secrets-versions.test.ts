/**
 * `secrets --versions`: the version of each secret `apply` deployed, recorded in the
 * stored revision, against the active one in the backend (the local file and the real
 * Vault-API server); `secrets --expiring` with dates from Vault's KV v2 custom metadata.
 * No value is ever printed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInventories } from '../../src/deploy/inventory-store.js';
import { contentVersion } from '../../src/secrets/local-file-backend.js';
import { VaultBackend } from '../../src/secrets/vault-backend.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { deployRepo, deployTo, runDeployCli, SECRET_VALUE, testCluster } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';
import { vault } from './helpers/vault.js';

beforeAll(() => {
  process.env.KUBECONFIG = testEnv().KUBECONFIG;
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The CLI with the Vault backend (root token), checking that none of `values` is printed. */
async function withVault(root: string, args: string[], values: readonly string[]): Promise<CliResult> {
  const { VAULT_ADDR, VAULT_TOKEN, KUBECONFIG } = testEnv();
  const result = await runCli(['--root', root, ...args], { env: { VAULT_ADDR, VAULT_TOKEN, KUBECONFIG } });
  for (const value of values) expect(result.stdout + result.stderr).not.toContain(value);
  return result;
}

async function revisionSecrets(namespace: string, project: string): Promise<Record<string, string> | undefined> {
  return (await readInventories(testCluster(), namespace, 'it')).get(project)?.revisions[0]?.secrets;
}

describe('secret versions, deployed and active', () => {
  it('local file: apply records the content-hash version; a changed value shows the project stale until the next apply', async () => {
    const namespace = await testNamespace('secver');
    const root = deployRepo(namespace);
    const file = join(root, 'secrets.yml');
    expect((await runDeployCli(root, ['apply'])).code).toBe(0);
    const first = contentVersion(SECRET_VALUE);
    expect(await revisionSecrets(namespace, 'web')).toEqual({ WEB_TOKEN: first });
    expect(await revisionSecrets(namespace, 'worker')).toBeUndefined();

    const current = await runDeployCli(root, ['secrets', '--versions', '--secrets-file', file]);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toMatch(/^SECRET\s+ENVIRONMENT\s+ACTIVE\s+PROJECT\s+DEPLOYED\s+REVISION\s+STATE$/m);
    expect(current.stdout).toMatch(new RegExp(`^WEB_TOKEN\\s+it\\s+${first}\\s+web\\s+${first}\\s+1\\s+current$`, 'm'));
    expect(current.stderr).toBe('');

    const rotated = 'r0tated-web-token-value';
    writeFileSync(file, `WEB_TOKEN: ${rotated}\n`, { mode: 0o600 });
    const second = contentVersion(rotated);
    const stale = await runDeployCli(root, ['secrets', '--versions', '--secrets-file', file, '--format', 'json'], [rotated]);
    expect(stale.code).toBe(0);
    const [row] = JSON.parse(stale.stdout) as { name: string; environments: unknown[] }[];
    expect(row?.name).toBe('WEB_TOKEN');
    expect(row?.environments).toEqual([{ environment: 'it', active: second, deployed: [{ project: 'web', version: first, revision: 1, stale: true }] }]);
    expect(stale.stderr).toContain(`warning: it/web runs version ${first} of WEB_TOKEN, the active one is ${second}; apply it/web to deploy it`);

    expect((await runDeployCli(root, ['apply'], [rotated])).code).toBe(0);
    expect(await revisionSecrets(namespace, 'web')).toEqual({ WEB_TOKEN: second });
    const history = await runDeployCli(root, ['history', 'it/web'], [rotated]);
    expect(history.stdout).toMatch(new RegExp(`^\\s+2\\s.*  secrets WEB_TOKEN@${second}$`, 'm'));
    expect(history.stdout).toMatch(new RegExp(`^\\s+1\\s.*  secrets WEB_TOKEN@${first}$`, 'm'));
    const after = await runDeployCli(root, ['secrets', '--versions', '--secrets-file', file], [rotated]);
    expect(after.stdout).toMatch(new RegExp(`^WEB_TOKEN\\s+it\\s+${second}\\s+web\\s+${second}\\s+2\\s+current$`, 'm'));
    expect(after.stderr).toBe('');
  });

  it('Vault KV v2: apply records the version it read; a new version makes the project stale', async () => {
    const namespace = await testNamespace('secvault');
    const values = [`v1-${namespace}`, `v2-${namespace}`];
    await vault('POST', `secret/data/${namespace}/WEB_TOKEN`, { data: { value: values[0] } });
    const root = deployRepo(namespace, {}, namespace);
    const backend = new VaultBackend({ endpoint: testEnv().VAULT_ADDR, auth: { method: 'token', token: testEnv().VAULT_TOKEN } });
    await deployTo(root, { backend });
    expect(await revisionSecrets(namespace, 'web')).toEqual({ WEB_TOKEN: '1' });

    await vault('POST', `secret/data/${namespace}/WEB_TOKEN`, { data: { value: values[1] } });
    const stale = await withVault(root, ['secrets', '--versions'], values);
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stdout).toMatch(/^WEB_TOKEN\s+it\s+2\s+web\s+1\s+1\s+stale$/m);
    expect(stale.stderr).toContain('warning: it/web runs version 1 of WEB_TOKEN, the active one is 2; apply it/web to deploy it');

    await deployTo(root, { backend });
    expect(await revisionSecrets(namespace, 'web')).toEqual({ WEB_TOKEN: '2' });
    const json = await withVault(root, ['secrets', '--versions', '--format', 'json'], values);
    const [row] = JSON.parse(json.stdout) as { environments: unknown[] }[];
    expect(row?.environments).toEqual([{ environment: 'it', active: '2', deployed: [{ project: 'web', version: '2', revision: 2, stale: false }] }]);

    // The same value stored again is a new version: apply deploys and records it, so nothing shows stale.
    await vault('POST', `secret/data/${namespace}/WEB_TOKEN`, { data: { value: values[1] } });
    const again = await deployTo(root, { backend });
    expect(again.results.find((r) => r.project === 'web')?.noop).toBe(false);
    expect(await revisionSecrets(namespace, 'web')).toEqual({ WEB_TOKEN: '3' });
  });
});

describe('expiry dates from Vault KV v2 custom metadata', () => {
  const catalogue = (apiExpires?: string) =>
    `secrets:\n  WEB_TOKEN:\n    description: Token of web.\n  API_TOKEN:\n    description: api\n${apiExpires ? `    expires: "${apiExpires}"\n` : ''}`;

  it('a secret without expires in the catalogue takes custom_metadata.expires; --expiring fails for it, naming where to renew', async () => {
    const namespace = await testNamespace('secmeta');
    const value = `api-${namespace}`;
    await vault('POST', `secret/data/${namespace}/API_TOKEN`, { data: { value } });
    await vault('POST', `secret/metadata/${namespace}/API_TOKEN`, { custom_metadata: { expires: inDays(10) } });
    const root = deployRepo(namespace, { 'inventory/secrets.yml': catalogue() }, namespace);
    const where = `secret/metadata/${namespace}/API_TOKEN`;

    const result = await withVault(root, ['secrets', '--expiring', '30d'], [value]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^NAME\s+EXPIRES\s+DAYS LEFT\s+STATUS\s+OWNER\s+FROM$/m);
    expect(result.stdout).toMatch(new RegExp(`^API_TOKEN\\s+${inDays(10)}\\s+10\\s+expiring\\s+-\\s+${where}$`, 'm'));
    expect(result.stdout).toMatch(/^WEB_TOKEN\s+-\s+-\s+no expiry/m);
    expect(result.stderr).toContain(
      `error: secret API_TOKEN expires on ${inDays(10)} (10 days left); renew it in the secrets backend, then set its new custom_metadata.expires at ${where}`,
    );
    expect((await withVault(root, ['secrets', '--expiring', '5d'], [value])).code).toBe(0);

    // The catalogue's date wins over the metadata.
    const fromCatalogue = deployRepo(namespace, { 'inventory/secrets.yml': catalogue(inDays(100)) }, namespace);
    const json = await withVault(fromCatalogue, ['secrets', '--expiring', '30d', '--format', 'json'], [value]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toContainEqual({ name: 'API_TOKEN', expires: inDays(100), expiresFrom: 'catalogue', daysLeft: 100, status: 'ok' });
  });

  it('a bad date in the metadata is an error naming the secret path and the fix', async () => {
    const namespace = await testNamespace('secbad');
    await vault('POST', `secret/data/${namespace}/API_TOKEN`, { data: { value: 'x' } });
    await vault('POST', `secret/metadata/${namespace}/API_TOKEN`, { custom_metadata: { expires: '30.6.2027' } });
    const root = deployRepo(namespace, { 'inventory/secrets.yml': catalogue() }, namespace);
    const result = await withVault(root, ['secrets'], []);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `secret/metadata/${namespace}/API_TOKEN: custom_metadata.expires "30.6.2027" is not a date YYYY-MM-DD; correct it (vault kv metadata patch -custom-metadata=expires=YYYY-MM-DD ${namespace}/API_TOKEN)`,
    );
  });
});
