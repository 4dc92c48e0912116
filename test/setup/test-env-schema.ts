/** The variables `scripts/test-env env` prints, in the order it prints them. */
export const TEST_ENV_KEYS = [
  'KUBECONFIG',
  'KUBEBUILDER_ASSETS',
  'RABBITMQ_HOST',
  'RABBITMQ_PORT',
  'RABBITMQ_USER',
  'RABBITMQ_PASSWORD',
  'VAULT_ADDR',
  'VAULT_TOKEN',
  'OCI_REGISTRY',
  'OCI_REGISTRY_USER',
  'OCI_REGISTRY_PASSWORD',
] as const;

/** What the global setup provides to every integration test (see helpers/env.ts). */
export type TestEnv = Record<(typeof TEST_ENV_KEYS)[number], string>;

declare module 'vitest' {
  export interface ProvidedContext {
    testEnv: TestEnv;
  }
}
