/**
 * Which cluster an environment deploys to: `$KUBECONFIG` (or ~/.kube/config); the
 * context named like the environment's `cluster.name` when there is one, else the
 * current context. The namespace always comes from the environment's inventory.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { DeploymentAllError } from '../lib/errors.js';
import type { EnvironmentDef } from '../render/inventory.js';

export interface ClusterChoice {
  /** Explicit context from the command line; wins over everything. */
  context?: string;
}

export function kubeConfigFor(environment: EnvironmentDef, choice: ClusterChoice = {}): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromDefault();
  } catch (error) {
    throw new DeploymentAllError(`cannot load the kubeconfig ($KUBECONFIG or ~/.kube/config): ${(error as Error).message}`, { cause: error });
  }
  const contexts = config.getContexts().map((c) => c.name);
  const wanted = choice.context ?? (contexts.includes(environment.cluster.name) ? environment.cluster.name : undefined);
  if (wanted !== undefined) {
    if (!contexts.includes(wanted)) {
      throw new DeploymentAllError(`kubeconfig has no context "${wanted}"; known: ${contexts.join(', ') || 'none'}`);
    }
    config.setCurrentContext(wanted);
  }
  if (!config.getCurrentCluster()) {
    throw new DeploymentAllError(
      `no cluster for environment ${environment.name}: set KUBECONFIG, or add a context named "${environment.cluster.name}" (its server: ${environment.cluster.server})`,
    );
  }
  return config;
}
