/** Secrets for the deploy read from the real Vault-API server of the test environment, with AppRole. */
import { describe, expect, it } from 'vitest';
import { VaultBackend } from '../../src/secrets/vault-backend.js';
import { deployRepo, deployTo, testCluster } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { kubeClients, testNamespace } from './helpers/kube.js';
import { vault } from './helpers/vault.js';

async function appRoleFor(path: string): Promise<{ roleId: string; secretId: string }> {
  await vault('PUT', `sys/policies/acl/${path}`, { policy: `path "secret/data/${path}/*" { capabilities = ["read"] }` });
  await vault('POST', `auth/approle/role/${path}`, { token_policies: [path], token_ttl: '5m' });
  const roleId = String((await vault('GET', `auth/approle/role/${path}/role-id`)).data?.role_id);
  const secretId = String((await vault('POST', `auth/approle/role/${path}/secret-id`)).data?.secret_id);
  return { roleId, secretId };
}

describe('secrets from Vault (real server, AppRole)', () => {
  it("fills Secret objects at apply time from KV v2 under the environment's secrets path", async () => {
    const namespace = await testNamespace('vault');
    const value = `from-vault-${namespace}`;
    await vault('POST', `secret/data/${namespace}/WEB_TOKEN`, { data: { value } });
    const backend = new VaultBackend({ endpoint: testEnv().VAULT_ADDR, auth: { method: 'approle', ...(await appRoleFor(namespace)) } });
    const result = await deployTo(deployRepo(namespace, {}, namespace), { backend });
    expect(result.results.every((r) => r.failed.length === 0)).toBe(true);
    const secret = await testCluster().get({ apiVersion: 'v1', kind: 'Secret', name: 'web', namespace });
    expect(Buffer.from(String((secret?.data as Record<string, string>).WEB_TOKEN), 'base64').toString()).toBe(value);
    expect(result.secretValues).toEqual([value]);
  });

  it('names a missing secret and applies nothing; a refused login says so', async () => {
    const namespace = await testNamespace('vaultmiss');
    const backend = new VaultBackend({ endpoint: testEnv().VAULT_ADDR, auth: { method: 'approle', ...(await appRoleFor(namespace)) } });
    await expect(deployTo(deployRepo(namespace, {}, namespace), { backend })).rejects.toThrow(`secret WEB_TOKEN not found at ${namespace}/WEB_TOKEN`);
    expect(await testCluster().get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker', namespace })).toBeUndefined();
    const wrong = new VaultBackend({ endpoint: testEnv().VAULT_ADDR, auth: { method: 'approle', roleId: 'nope', secretId: 'nope' } });
    await expect(wrong.getSecret({ name: 'X', secretsPath: namespace })).rejects.toThrow(/approle login failed \(HTTP 400\)/);
  });

  it('logs in with a service-account token through Kubernetes auth', async () => {
    const namespace = await testNamespace('vaultk8s');
    await vault('POST', `secret/data/${namespace}/WEB_TOKEN`, { data: { value: 'via-kubernetes-auth' } });
    await vault('PUT', `sys/policies/acl/${namespace}`, { policy: `path "secret/data/${namespace}/*" { capabilities = ["read"] }` });
    await vault('POST', `auth/kubernetes/role/${namespace}`, {
      bound_service_account_names: ['deployer'],
      bound_service_account_namespaces: [namespace],
      token_policies: [namespace],
      token_ttl: '5m',
    });
    const { core } = kubeClients();
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'deployer' } } });
    const token = await core.createNamespacedServiceAccountToken({ name: 'deployer', namespace, body: { spec: { audiences: [], expirationSeconds: 600 } } });
    const backend = new VaultBackend({ endpoint: testEnv().VAULT_ADDR, auth: { method: 'kubernetes', role: namespace, jwt: token.status?.token ?? '' } });
    expect(await backend.getSecret({ name: 'WEB_TOKEN', secretsPath: namespace })).toBe('via-kubernetes-auth');
    await expect(backend.getSecret({ name: 'WEB_TOKEN', secretsPath: 'elsewhere' })).rejects.toThrow(
      /permission denied reading secret\/data\/elsewhere\/WEB_TOKEN \(403\)/,
    );
  });
});
