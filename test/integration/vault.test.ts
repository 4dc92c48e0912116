import { describe, expect, it } from 'vitest';
import { kubeClients, testNamespace } from './helpers/kube.js';
import { uniqueName } from './helpers/names.js';
import { vault } from './helpers/vault.js';

describe('Vault API server', () => {
  it('writes and reads a KV v2 secret under secret/', async () => {
    const path = uniqueName('smoke');
    const written = await vault('POST', `secret/data/${path}`, { data: { user: 'app', password: 's3cret' } });
    expect(written.data?.version).toBe(1);
    const read = await vault('GET', `secret/data/${path}`);
    expect(read.data?.data).toEqual({ user: 'app', password: 's3cret' });
  });

  it('logs in with AppRole and reads a secret its policy allows', async () => {
    const name = uniqueName('approle');
    await vault('POST', `secret/data/${name}`, { data: { token: 'abc' } });
    await vault('PUT', `sys/policies/acl/${name}`, {
      policy: `path "secret/data/${name}" { capabilities = ["read"] }`,
    });
    await vault('POST', `auth/approle/role/${name}`, { token_policies: [name], token_ttl: '5m' });
    const roleId = (await vault('GET', `auth/approle/role/${name}/role-id`)).data?.role_id;
    const secretId = (await vault('POST', `auth/approle/role/${name}/secret-id`)).data?.secret_id;

    const login = await vault('POST', 'auth/approle/login', { role_id: roleId, secret_id: secretId }, null);
    expect(login.auth?.policies).toContain(name);
    const token = login.auth?.client_token ?? '';
    const read = await vault('GET', `secret/data/${name}`, undefined, token);
    expect(read.data?.data).toEqual({ token: 'abc' });
  });

  it('logs in with a service-account token through Kubernetes auth (TokenReview on the test API server)', async () => {
    const namespace = await testNamespace('vault-k8s');
    const { core } = kubeClients();
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'app' } } });
    const request = await core.createNamespacedServiceAccountToken({
      name: 'app',
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const jwt = request.status?.token ?? '';
    const login = await vault('POST', 'auth/kubernetes/login', { role: 'test-env', jwt }, null);
    expect(login.auth?.client_token).toBeTruthy();
    expect(login.auth?.policies).toContain('default');
  });
});
