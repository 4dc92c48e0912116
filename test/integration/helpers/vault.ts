import { testEnv } from './env.js';

/** Vault's JSON answer: the fields the smoke tests read. */
export interface VaultResponse {
  data?: Record<string, unknown> & { data?: Record<string, unknown> };
  auth?: { client_token: string; policies: string[] };
}

/**
 * One call of Vault's HTTP API (the same API as OpenBao's). `token` defaults to the
 * root token; a non-2xx answer throws with Vault's error list.
 */
export async function vault(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  token: string | null = testEnv().VAULT_TOKEN,
): Promise<VaultResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['x-vault-token'] = token;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${testEnv().VAULT_ADDR}/v1/${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /v1/${path}: ${response.status} ${text}`);
  return text === '' ? {} : (JSON.parse(text) as VaultResponse);
}
