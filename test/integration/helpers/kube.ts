import * as k8s from '@kubernetes/client-node';
import { onTestFinished } from 'vitest';
import { testEnv } from './env.js';
import { uniqueName } from './names.js';

/** Clients for the test API server, from the admin kubeconfig of scripts/test-env. */
export function kubeClients(): {
  config: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  objects: k8s.KubernetesObjectApi;
} {
  const config = new k8s.KubeConfig();
  config.loadFromFile(testEnv().KUBECONFIG);
  return {
    config,
    core: config.makeApiClient(k8s.CoreV1Api),
    apps: config.makeApiClient(k8s.AppsV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(config),
  };
}

/**
 * A namespace of this test's own, deleted when the test finishes (the namespace
 * controller removes its contents in the background; nothing waits for that).
 */
export async function testNamespace(prefix = 'it'): Promise<string> {
  const { core } = kubeClients();
  const name = uniqueName(prefix);
  await core.createNamespace({ body: { metadata: { name, labels: { 'test-env/owner': 'vitest' } } } });
  onTestFinished(async () => {
    await core.deleteNamespace({ name });
  });
  return name;
}

/** The HTTP status of a failed API call, or undefined for other errors. */
export function apiStatus(error: unknown): number | undefined {
  return error instanceof k8s.ApiException ? error.code : undefined;
}
