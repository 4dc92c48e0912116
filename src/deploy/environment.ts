/**
 * Opening the environments of a run before anything is written: each one's cluster,
 * its namespace checked once (a missing one is an error saying what to do, or is
 * created later when the environment allows it), and its stored inventories. Every
 * environment is opened first, so a problem in the last one stops the run before the
 * first one is touched.
 */
import type { EnvironmentDef } from '../render/inventory.js';
import { unknownProjectError, type Selection } from '../render/targets.js';
import { ENVIRONMENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from '../render/model/labels.js';
import { connectCluster, type Cluster } from './cluster.js';
import { ForbiddenError, NamespaceMissingError } from './errors.js';
import { readInventories, type StoredInventory } from './inventory-store.js';
import { kubeConfigFor, type ClusterChoice } from './kube-config.js';
import type { ProjectScope } from './live-index.js';
import { namespaceAction, type NamespaceAction } from './plan.js';

export interface ClusterOptions extends ClusterChoice {
  /** For tests and benchmarks: how to reach an environment's cluster. */
  clusterFor?: (environment: EnvironmentDef) => Cluster;
}

export interface OpenedEnvironment {
  environment: EnvironmentDef;
  cluster: Cluster;
  namespace: NamespaceAction;
  /** Stored inventories by project (none when the namespace is absent); of `projects` only when given. */
  stored: Map<string, StoredInventory>;
  /** The projects the run works on here, when not all of them (see ProjectScope). */
  projects?: ProjectScope;
}

function connect(options: ClusterOptions, environment: EnvironmentDef): Cluster {
  return options.clusterFor?.(environment) ?? connectCluster(kubeConfigFor(environment, { context: options.context }));
}

const namespaceId = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', name });

/** Does the namespace exist? Undefined when our credentials may not read Namespaces (common for namespaced deployers). */
async function namespaceExists(cluster: Cluster, name: string): Promise<boolean | undefined> {
  try {
    return (await cluster.get(namespaceId(name))) !== undefined;
  } catch (error) {
    if (error instanceof ForbiddenError) return undefined;
    throw error;
  }
}

/**
 * Opens every environment (in order); `writes` is false for diff, history and
 * --dry-run. Throws before returning when any namespace is missing and may not be
 * created; closes what it opened when it throws.
 */
export async function openEnvironments(
  options: ClusterOptions,
  environments: readonly EnvironmentDef[],
  writes: boolean,
  scopes: readonly ProjectScope[] = [],
): Promise<OpenedEnvironment[]> {
  const opened: OpenedEnvironment[] = [];
  try {
    for (const [i, environment] of environments.entries()) {
      const cluster = connect(options, environment);
      const projects = scopes[i];
      const entry: OpenedEnvironment = { environment, cluster, namespace: 'ready', stored: new Map(), ...(projects ? { projects } : {}) };
      opened.push(entry);
      // Asked at once with the namespace; its answer (or failure) counts only when the namespace is there.
      const inventories = readInventories(cluster, environment.namespace, environment.name, projects).then(
        (stored) => ({ stored }),
        (error: unknown) => ({ error }),
      );
      const action = namespaceAction(await namespaceExists(cluster, environment.namespace), environment.create_namespace === true, writes);
      const read = await inventories;
      if (action === undefined) throw new NamespaceMissingError(environment.name, environment.namespace);
      entry.namespace = action;
      if (action === 'ready') {
        if ('error' in read) throw read.error;
        entry.stored = read.stored;
      }
    }
  } catch (error) {
    for (const entry of opened) entry.cluster.close();
    throw error;
  }
  return opened;
}

/** Creates the namespace of an environment that allows it (`create_namespace: true`); returns the line to report. */
export async function createNamespace(opened: OpenedEnvironment): Promise<string> {
  const { environment, cluster } = opened;
  await cluster.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: environment.namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [ENVIRONMENT_LABEL]: environment.name } },
  });
  opened.namespace = 'ready';
  return `${environment.name}: created Namespace/${environment.namespace} (create_namespace: true)`;
}

/**
 * What a namespace that does not exist yet answers, for runs that write nothing
 * (diff, --dry-run): nothing is live, and a dry-run apply returns the object as sent.
 */
export function emptyNamespaceCluster(cluster: Cluster): Cluster {
  return {
    get requests() {
      return cluster.requests;
    },
    close: () => cluster.close(),
    async apply(obj, options) {
      if (!options?.dryRun) throw new Error(`internal: ${obj.kind}/${obj.metadata.name} applied into a namespace that does not exist`);
      return structuredClone(obj);
    },
    get: async () => undefined,
    delete: async () => false,
    list: async () => [],
  };
}

/**
 * A removed project named explicitly (`ENV/PROJECT`) must still have an inventory in
 * one of the environments named; else the target is a usage error, as any unknown project.
 */
export function checkNamedRemovals(named: readonly (Selection & { target: string })[], opened: readonly OpenedEnvironment[]): void {
  const found = (n: Selection) => opened.some((o) => o.environment.name === n.environment && o.stored.has(n.project));
  const missing = named.find((n) => !named.some((other) => other.target === n.target && found(other)));
  if (missing) throw unknownProjectError(missing.target, missing.project, ` (and no inventory of a removed project "${missing.project}" was found)`);
}
