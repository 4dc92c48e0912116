/**
 * `apply` for a whole selection: render and validate everything, resolve every
 * secret, then deploy environment by environment (in deploy order), projects in
 * parallel up to a bound. Nothing is applied when the render or a secret fails.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { EnvironmentDef } from '../render/inventory.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { renderRepository, type RenderedProject } from '../render/render-repository.js';
import type { SecretsBackend } from '../secrets/backend.js';
import { applyProject, type ApplyOptions, type ProjectResult, type ProjectWork } from './apply-project.js';
import { connectCluster, type Cluster } from './cluster.js';
import { fillSecrets, SecretResolver } from './fill-secrets.js';
import { imageRepository, pinImages } from './image-overrides.js';
import { emptyInventory, readInventories, type StoredInventory } from './inventory-store.js';
import { kubeConfigFor } from './kube-config.js';
import { buildLiveIndex, type LiveIndex } from './live-index.js';

export interface DeployOptions extends ApplyOptions {
  root: string;
  targets?: readonly string[];
  /** Projects applied at once per environment. Default 4. */
  concurrency?: number;
  backend: SecretsBackend;
  /** Kubeconfig context overriding the environment's. */
  context?: string;
  /** For tests and benchmarks: how to reach an environment's cluster. */
  clusterFor?: (environment: EnvironmentDef) => Cluster;
  /** Images to pin (rollback): containers of the same repository use these references. */
  imageOverrides?: readonly string[];
  /** Called as each project finishes. */
  onResult?: (result: ProjectResult) => void;
}

export interface DeployResult {
  results: ProjectResult[];
  /** API requests made, all environments together. */
  requests: number;
  /** Every secret value used in this run, for masking printed output. */
  secretValues: string[];
}

export interface PreparedProject {
  rendered: RenderedProject | undefined;
  project: string;
  /** Rendered objects with secret values filled in. */
  objects: K8sObject[];
  desiredHash: string;
  images: string[];
}

export interface EnvironmentWork {
  environment: EnvironmentDef;
  items: PreparedProject[];
}

export interface EnvironmentState {
  cluster: Cluster;
  stored: Map<string, StoredInventory>;
  live: LiveIndex;
}

function digest(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** Groups the render by environment, secrets filled in; throws before anything is applied. */
export async function prepareDeploy(options: Pick<DeployOptions, 'root' | 'targets' | 'imageOverrides'>, resolver: SecretResolver): Promise<EnvironmentWork[]> {
  const render = renderRepository({ root: options.root, targets: options.targets });
  const byEnv = new Map<string, EnvironmentWork>();
  for (const environment of render.inventory.environments) byEnv.set(environment.name, { environment, items: [] });
  for (const rendered of render.rendered) {
    const work = byEnv.get(rendered.environment) as EnvironmentWork;
    const pins = options.imageOverrides ?? [];
    const objects = pinImages(rendered.objects, pins);
    const filled = await fillSecrets(objects, work.environment.secrets_path, resolver);
    const images = rendered.model.images.map((image) => pins.find((pin) => imageRepository(pin) === imageRepository(image)) ?? image);
    const hash = pins.length > 0 ? digest(rendered.hash, ...images) : rendered.hash;
    work.items.push({ rendered, project: rendered.project, objects: filled.objects, desiredHash: digest(hash, filled.secretsDigest), images });
  }
  // A project disabled here still has to be looked at: its objects may need pruning.
  for (const { environment, project } of render.disabled) {
    byEnv.get(environment)?.items.push({ rendered: undefined, project, objects: [], desiredHash: digest('empty'), images: [] });
  }
  return [...byEnv.values()].filter((w) => w.items.length > 0);
}

/** Connects to the environment's cluster and reads what we stored and what is live. */
export async function loadEnvironmentState(
  options: Pick<DeployOptions, 'clusterFor' | 'context'>,
  environment: EnvironmentDef,
  items: readonly PreparedProject[],
): Promise<EnvironmentState> {
  const cluster = options.clusterFor?.(environment) ?? connectCluster(kubeConfigFor(environment, { context: options.context }));
  const stored = await readInventories(cluster, environment.namespace, environment.name);
  const kinds = new Set<string>();
  for (const item of items) for (const o of item.objects) kinds.add(`${o.apiVersion}|${o.kind}`);
  for (const inventory of stored.values()) for (const o of [...inventory.objects, ...inventory.pending]) kinds.add(`${o.apiVersion}|${o.kind}`);
  const live = await buildLiveIndex(cluster, environment.namespace, kinds);
  return { cluster, stored, live };
}

export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const resolver = new SecretResolver(options.backend);
  const plan = await prepareDeploy(options, resolver);
  const results: ProjectResult[] = [];
  let requests = 0;
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  for (const { environment, items } of plan) {
    const { cluster, stored, live } = await loadEnvironmentState(options, environment, items);
    const namespace = environment.namespace;
    const tasks = items
      .filter((item) => item.rendered !== undefined || stored.has(item.project))
      .map((item) => {
        const work: ProjectWork = {
          environment: environment.name,
          project: item.project,
          namespace,
          objects: item.objects,
          desiredHash: item.desiredHash,
          images: item.images,
          stored: stored.get(item.project) ?? emptyInventory(item.project, environment.name),
        };
        return limit(async () => {
          let result: ProjectResult;
          try {
            result = await applyProject(cluster, work, live, options);
          } catch (error) {
            result = { environment: environment.name, project: item.project, noop: false, reason: 'failed', created: [], configured: [], unchanged: [], pruned: [], kept: [], failed: [{ ref: `${environment.name}/${item.project}`, message: (error as Error).message, error }], applied: [] };
          }
          options.onResult?.(result);
          return result;
        });
      });
    try {
      results.push(...(await Promise.all(tasks)));
    } finally {
      requests += cluster.requests;
      cluster.close();
    }
  }
  return { results, requests, secretValues: await resolver.knownValues() };
}
