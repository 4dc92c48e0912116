/**
 * `apply` for a whole selection: render and validate everything, resolve every
 * secret, open every environment (namespace, stored inventories), then deploy
 * environment by environment (in deploy order), projects in parallel up to a bound.
 * Nothing is applied when the render, a secret or an environment fails.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { EnvironmentDef } from '../render/inventory.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import type { RenderedProject, RenderResult } from '../render/render-repository.js';
import { renderWithCache } from '../render/render-cached.js';
import { loadRepository, repositoryNames, type LoadedRepository } from '../render/load-repository.js';
import { resolveTargets } from '../render/targets.js';
import type { RenderCache } from '../render/cache/render-cache.js';
import type { SecretsBackend } from '../secrets/backend.js';
import { applyProject, newResult, type ApplyOptions, type ProjectResult, type ProjectWork } from './apply-project.js';
import { checkNamedRemovals, createNamespace, emptyNamespaceCluster, openEnvironments, type ClusterOptions, type OpenedEnvironment } from './environment.js';
import { fillSecrets, SecretResolver } from './fill-secrets.js';
import { imageRepository, pinImages } from './image-overrides.js';
import { DigestPinner, type PinnedImage, type PinOptions } from './pin-digests.js';
import { emptyInventory } from './inventory-store.js';
import { buildLiveIndex, idKey, type LiveIndex, type ProjectScope } from './live-index.js';
import { planRemovals, type PlanOptions, type Retirement } from './plan.js';

export interface DeployOptions extends ApplyOptions, ClusterOptions {
  root: string;
  targets?: readonly string[];
  /** Unchanged project-environments are read from it instead of rendered (src/render/cache/). */
  renderCache?: RenderCache;
  /** Projects applied at once per environment. Default 4. */
  concurrency?: number;
  backend: SecretsBackend;
  /** Images to pin (rollback): containers of the same repository use these references. */
  imageOverrides?: readonly string[];
  /** Resolve every image tag of the environments' image_registries anew (see pin-digests.ts). */
  refreshImages?: boolean;
  /** Called as each project finishes. */
  onResult?: (result: ProjectResult) => void;
}

export interface DeployResult {
  results: ProjectResult[];
  /** API requests made, all environments together. */
  requests: number;
  /** Every secret value used in this run, for masking printed output. */
  secretValues: string[];
  /** The selection's render: its VM groups are applied next, without rendering again. */
  render: VmRender;
}

export interface PreparedProject {
  rendered: RenderedProject | undefined;
  project: string;
  /** Rendered objects with secret values filled in. */
  objects: K8sObject[];
  desiredHash: string;
  images: string[];
  /** Versions of the secrets filled in, by name. */
  secretVersions?: Record<string, string>;
  /** Renders nothing on purpose: disabled here, or removed from the repository (`blocked`: see planRemovals). */
  retirement?: { why: Retirement; blocked?: string };
}

/** Projects removed from the repository that this run may retire in an environment. */
export interface RemovalScope {
  /** The environment is selected whole (no target, ENV, ENV/*): every removed project. */
  whole: boolean;
  /** Removed projects named explicitly (ENV/PROJECT), with the target naming them. */
  named: { project: string; target: string }[];
  /** Every project folder of the repository. */
  inRepository: ReadonlySet<string>;
}

export interface EnvironmentWork {
  environment: EnvironmentDef;
  items: PreparedProject[];
  removals: RemovalScope;
}

function digest(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** What the VM-group step needs of the render, so that one `apply` renders once. */
export type VmRender = Pick<RenderResult, 'inventory' | 'vmGroups' | 'ansible'>;

/** Groups the render by environment, secrets filled in; throws before anything is applied. */
export async function prepareDeploy(
  options: Pick<DeployOptions, 'root' | 'targets' | 'imageOverrides' | 'renderCache'> & { loaded?: LoadedRepository },
  resolver: SecretResolver,
): Promise<EnvironmentWork[]> {
  return (await prepareDeployWork(options, resolver)).work;
}

/** prepareDeploy, and the render it made. */
export async function prepareDeployWork(
  options: Pick<DeployOptions, 'root' | 'targets' | 'imageOverrides' | 'renderCache'> & { loaded?: LoadedRepository },
  resolver: SecretResolver,
): Promise<{ work: EnvironmentWork[]; render: VmRender }> {
  const loaded = options.loaded ?? loadRepository(options.root);
  const { environments, projects } = repositoryNames(loaded);
  const inRepository = new Set(projects);
  const targets = resolveTargets(options.targets ?? [], environments, projects);
  const render = await renderWithCache({ root: options.root, selections: targets.selections, cache: options.renderCache, loaded });
  const byEnv = new Map<string, EnvironmentWork>();
  for (const environment of render.inventory.environments) {
    const named = targets.absent.filter((a) => a.environment === environment.name).map(({ project, target }) => ({ project, target }));
    byEnv.set(environment.name, { environment, items: [], removals: { whole: targets.wholeEnvironments.includes(environment.name), named, inRepository } });
  }
  for (const rendered of render.rendered) {
    const work = byEnv.get(rendered.environment) as EnvironmentWork;
    const pins = options.imageOverrides ?? [];
    const objects = pinImages(rendered.objects, pins);
    const filled = await fillSecrets(objects, work.environment.secrets_path, resolver);
    const images = rendered.model.images.map((image) => pins.find((pin) => imageRepository(pin) === imageRepository(image)) ?? image);
    const hash = pins.length > 0 ? digest(rendered.hash, ...images) : rendered.hash;
    work.items.push({
      rendered,
      project: rendered.project,
      objects: filled.objects,
      desiredHash: digest(hash, filled.secretsDigest),
      images,
      secretVersions: filled.secretVersions,
    });
  }
  // A project disabled here still has to be looked at: what it deployed is pruned.
  for (const { environment, project } of render.disabled) {
    byEnv
      .get(environment)
      ?.items.push({ rendered: undefined, project, objects: [], desiredHash: digest('empty'), images: [], retirement: { why: 'disabled' } });
  }
  const work = [...byEnv.values()].filter((w) => w.items.length > 0 || w.removals.whole || w.removals.named.length > 0);
  return { work, render: { inventory: render.inventory, vmGroups: render.vmGroups, ansible: render.ansible } };
}

export interface ReadyEnvironment extends OpenedEnvironment {
  items: PreparedProject[];
}

/** What each project's images were pinned to, by `environment/project`. */
export type PinnedImages = Map<string, PinnedImage[]>;

/**
 * Pins the images of the environments' image_registries to digests in every project
 * (see pin-digests.ts); the pins enter the desired hash and the revision. Throws, before
 * anything is applied, when a registry cannot answer.
 */
const PIN_SOURCES: Record<PinnedImage['source'], string> = {
  digest: 'as given',
  rerun: "this pipeline's earlier revision (a re-run)",
  kept: 'kept from the last revision',
  resolved: 'the tag, resolved now',
};

export async function pinDigests(
  environments: readonly Pick<ReadyEnvironment, 'environment' | 'items' | 'stored'>[],
  resolver: SecretResolver,
  options: PinOptions & { onProgress?: (line: string) => void },
): Promise<PinnedImages> {
  const all: PinnedImages = new Map();
  for (const env of environments) {
    const pinner = await DigestPinner.forEnvironment(env.environment, resolver, options);
    if (!pinner.enabled) continue;
    for (const item of env.items) {
      if (!item.rendered) continue;
      const { objects, pins } = await pinner.pin(item.objects, env.stored.get(item.project)?.revisions ?? []);
      if (pins.length === 0) continue;
      const byImage = new Map(pins.map((p) => [p.image, p.pinned]));
      item.objects = objects;
      item.images = [...new Set(item.images.map((image) => byImage.get(image) ?? image))];
      item.desiredHash = digest(item.desiredHash, ...pins.map((p) => p.pinned).sort());
      all.set(`${env.environment.name}/${item.project}`, pins);
      for (const pin of pins) options.onProgress?.(`${env.environment.name}/${item.project}: image ${pin.pinned} (${PIN_SOURCES[pin.source]})`);
    }
  }
  return all;
}

/**
 * Opens every environment of the run (see openEnvironments) and adds the projects
 * removed from the repository that it retires; a removed project named explicitly
 * but deployed nowhere is a usage error. Throws before anything is written.
 */
export async function openWork(options: ClusterOptions & PlanOptions, work: readonly EnvironmentWork[], writes: boolean): Promise<ReadyEnvironment[]> {
  const opened = await openEnvironments(
    options,
    work.map((w) => w.environment),
    writes,
    // A run on named projects reads only theirs; a whole environment needs every stored inventory (removals, the mass-prune guard).
    work.map((w): ProjectScope => (w.removals.whole ? undefined : [...w.items.map((i) => i.project), ...w.removals.named.map((n) => n.project)])),
  );
  const ready = opened.map((entry, i) => {
    const { items, removals } = work[i] as EnvironmentWork;
    const named = removals.named.map((n) => n.project);
    const removed = planRemovals(entry.stored, removals.inRepository, { whole: removals.whole, named }, options);
    const retiring = removed.map((r): PreparedProject => ({
      rendered: undefined,
      project: r.project,
      objects: [],
      desiredHash: digest('empty'),
      images: [],
      retirement: { why: 'removed', ...(r.blocked ? { blocked: r.blocked } : {}) },
    }));
    // Only projects with something deployed here are looked at; the rest has nothing to do.
    return { ...entry, items: [...items, ...retiring].filter((item) => item.rendered !== undefined || entry.stored.has(item.project)) };
  });
  try {
    checkNamedRemovals(
      work.flatMap((w) => w.removals.named.map((n) => ({ ...n, environment: w.environment.name }))),
      ready,
    );
  } catch (error) {
    for (const entry of ready) entry.cluster.close();
    throw error;
  }
  return ready;
}

/**
 * One list request per kind for the namespace, covering what is rendered and what is
 * stored; kinds no controller writes as metadata alone (see buildLiveIndex).
 */
export async function loadLiveIndex(env: ReadyEnvironment): Promise<LiveIndex> {
  if (env.namespace !== 'ready') return new Map();
  const kinds = new Set<string>();
  for (const item of env.items) for (const o of item.objects) kinds.add(`${o.apiVersion}|${o.kind}`);
  const recorded = new Map<string, string | undefined>();
  for (const inventory of env.stored.values()) {
    for (const o of [...inventory.objects, ...inventory.pending]) kinds.add(`${o.apiVersion}|${o.kind}`);
    for (const o of inventory.objects) {
      const key = idKey(o);
      // Recorded twice with different versions (moved between projects), or without one: read whole.
      recorded.set(key, recorded.has(key) && recorded.get(key) !== o.rv ? undefined : o.rv);
    }
  }
  return buildLiveIndex(env.cluster, env.environment.namespace, kinds, env.projects, recorded);
}

function failedResult(environment: string, project: string, error: unknown): ProjectResult {
  const result = newResult(environment, project);
  result.failed.push({ ref: `${environment}/${project}`, message: (error as Error).message, error });
  return result;
}

export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const resolver = new SecretResolver(options.backend);
  const { work, render } = await prepareDeployWork(options, resolver);
  const environments = await openWork(options, work, !options.dryRun);
  const results: ProjectResult[] = [];
  let requests = 0;
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  try {
    await pinDigests(environments, resolver, {
      refreshImages: options.refreshImages,
      pipelineUrl: options.revision?.pipelineUrl,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    for (const env of environments) {
      const { environment } = env;
      if (env.namespace === 'create') options.onProgress?.(await createNamespace(env));
      const cluster = env.namespace === 'absent' ? emptyNamespaceCluster(env.cluster) : env.cluster;
      const live = await loadLiveIndex(env);
      const tasks = env.items.map((item) => {
        const project: ProjectWork = {
          environment: environment.name,
          project: item.project,
          namespace: environment.namespace,
          objects: item.objects,
          desiredHash: item.desiredHash,
          images: item.images,
          ...(item.secretVersions ? { secretVersions: item.secretVersions } : {}),
          stored: env.stored.get(item.project) ?? emptyInventory(item.project, environment.name),
          ...(item.retirement ? { retirement: item.retirement } : {}),
        };
        return limit(async () => {
          let result: ProjectResult;
          try {
            result = await applyProject(cluster, project, live, options);
          } catch (error) {
            result = failedResult(environment.name, item.project, error);
          }
          options.onResult?.(result);
          return result;
        });
      });
      results.push(...(await Promise.all(tasks)));
    }
  } finally {
    for (const env of environments) {
      requests += env.cluster.requests;
      env.cluster.close();
    }
  }
  return { results, requests, secretValues: await resolver.knownValues(), render };
}
