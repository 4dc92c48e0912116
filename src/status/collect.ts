/**
 * Reading everything `status` reports: what this checkout renders (the deploy's own
 * preparation: render, image pins, secrets, desired hash), and per environment, in
 * parallel, its stored inventories and live objects: one request for the inventories,
 * one list per kind, one for the Jobs. Read-only: nothing is applied, not even as a
 * dry run. An environment that cannot be read becomes an error of its column; an
 * inventory that cannot be read, an error of its cell.
 */
import { connectCluster, type Cluster } from '../deploy/cluster.js';
import { pinDigests, prepareDeployWork, type EnvironmentWork, type VmRender } from '../deploy/deploy.js';
import type { ClusterOptions } from '../deploy/environment.js';
import { ForbiddenError } from '../deploy/errors.js';
import { SecretResolver } from '../deploy/fill-secrets.js';
import { readInventoriesTolerant } from '../deploy/inventory-store.js';
import type { RenderCache } from '../render/cache/render-cache.js';
import { kubeConfigFor } from '../deploy/kube-config.js';
import { indexLive, listManaged } from '../deploy/live-index.js';
import { revisionInfo } from '../deploy/revision-info.js';
import { DeploymentAllError } from '../lib/errors.js';
import type { EnvironmentDef } from '../render/inventory.js';
import { loadRepository, repositoryNames, type LoadedRepository } from '../render/load-repository.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { resolveTargets, unknownProjectError, type ResolvedTargets } from '../render/targets.js';
import type { SecretsBackend } from '../secrets/backend.js';
import { buildCell, countCells, type DesiredState, type EnvironmentSnapshot } from './cells.js';
import { readVmRevisions, type VmGroupRevisions } from '../vm/read-revisions.js';
import { commitDistance } from './git-distance.js';
import { WORKLOAD_KINDS } from './health.js';
import type { EnvironmentStatus, StatusCell, StatusReport } from './report.js';
import { buildVmCell } from './vm-cells.js';

export interface StatusOptions extends ClusterOptions {
  root: string;
  targets?: readonly string[];
  backend: SecretsBackend;
  renderCache?: RenderCache;
  /** For the checkout's commit ($CI_COMMIT_SHA). */
  env?: NodeJS.ProcessEnv;
}

export interface StatusResult {
  report: StatusReport;
  /** Every secret value resolved, for masking whatever is printed or served. */
  secretValues: string[];
}

const WORKLOADS = new Set(WORKLOAD_KINDS.map((k) => k.split('|')[1]));

/** This checkout's render grouped by environment (the deploy's preparation), or why it cannot be rendered. */
async function renderWork(
  options: StatusOptions & { loaded: LoadedRepository },
  resolver: SecretResolver,
): Promise<{ work: EnvironmentWork[]; render?: VmRender } | { error: string }> {
  try {
    return await prepareDeployWork(options, resolver);
  } catch (error) {
    if (!(error instanceof DeploymentAllError)) throw error;
    return { error: `this checkout cannot be rendered: ${error.message}` };
  }
}

/** The revisions on the hosts of the rendered VM groups; Ansible missing is an error of every host. */
async function vmRevisions(render: VmRender | undefined): Promise<VmGroupRevisions[]> {
  if (!render || render.vmGroups.length === 0) return [];
  try {
    return await readVmRevisions(render);
  } catch (error) {
    if (!(error instanceof DeploymentAllError)) throw error;
    return render.vmGroups.map((g) => ({
      environment: g.environment,
      project: g.project,
      desiredHash: g.hash,
      hosts: g.model.hosts.map((h) => ({ host: h.name, error: error.message })),
    }));
  }
}

/**
 * The desired hashes, as the deploy computes them: images of an environment's
 * image_registries pinned the way a redeploy would pin them (a tag the last revision
 * deployed keeps its digest; a new tag is asked of the registry), so an unchanged project
 * is not "behind" for its pins.
 */
async function desiredState(
  work: EnvironmentWork[] | { error: string },
  snapshots: ReadonlyMap<string, EnvironmentSnapshot | { error: string }>,
  resolver: SecretResolver,
): Promise<DesiredState> {
  const hashes = new Map<string, string>();
  const disabled = new Set<string>();
  const environmentErrors = new Map<string, string>();
  if ('error' in work) return { hashes, disabled, error: work.error };
  for (const { environment, items } of work) {
    const snapshot = snapshots.get(environment.name);
    if (snapshot && !('error' in snapshot)) {
      try {
        await pinDigests([{ environment, items, stored: snapshot.stored }], resolver, {});
      } catch (error) {
        if (!(error instanceof DeploymentAllError)) throw error;
        environmentErrors.set(environment.name, `cannot pin the images to digests: ${error.message}`);
      }
    }
    for (const item of items) {
      const key = `${environment.name}/${item.project}`;
      if (item.retirement?.why === 'disabled') disabled.add(key);
      else hashes.set(key, item.desiredHash);
    }
  }
  return { hashes, disabled, environmentErrors };
}

async function snapshotOf(cluster: Cluster, environment: EnvironmentDef): Promise<EnvironmentSnapshot> {
  const { stored, corrupt } = await readInventoriesTolerant(cluster, environment.namespace, environment.name);
  const kinds = new Set(WORKLOAD_KINDS);
  for (const inventory of stored.values()) for (const o of inventory.objects) kinds.add(`${o.apiVersion}|${o.kind}`);
  const objects: K8sObject[] = [];
  const unreadable = new Set<string>();
  for (const kind of kinds) {
    try {
      objects.push(...(await listManaged(cluster, environment.namespace, [kind])));
    } catch (error) {
      // Read-only credentials may exclude a kind (Secrets, typically): its drift is not checked.
      if (!(error instanceof ForbiddenError)) throw error;
      unreadable.add(kind);
    }
  }
  const jobs = unreadable.has('batch/v1|Job') ? [] : await cluster.list('batch/v1', 'Job', environment.namespace);
  return {
    stored,
    corrupt: new Map(corrupt.map((c) => [c.project, c.message])),
    unreadable,
    live: indexLive(objects),
    workloads: objects.filter((o) => WORKLOADS.has(o.kind)),
    jobs,
  };
}

/** Reads one environment; a cluster that cannot be reached (or read) is returned as an error. */
async function readEnvironment(
  options: StatusOptions,
  environment: EnvironmentDef,
): Promise<{ snapshot: EnvironmentSnapshot | { error: string }; requests: number }> {
  let cluster: Cluster | undefined;
  try {
    // One retry only: a page showing the other environments beats 20 s of back-off.
    cluster = options.clusterFor?.(environment) ?? connectCluster(kubeConfigFor(environment, { context: options.context }), { retries: 1 });
    return { snapshot: await snapshotOf(cluster, environment), requests: cluster.requests };
  } catch (error) {
    if (!(error instanceof DeploymentAllError)) throw error;
    return {
      snapshot: { error: `cannot read the cluster ${environment.cluster.name} (${environment.cluster.server}): ${error.message}` },
      requests: cluster?.requests ?? 0,
    };
  } finally {
    cluster?.close();
  }
}

/**
 * Which (environment, project) cells the targets select: the selections that render
 * Kubernetes objects here or are disabled here, or have an inventory here; and projects
 * removed from projects/ still stored. (A VM group's cell is built from its hosts: vm-cells.ts.)
 */
function cellsWanted(
  targets: ResolvedTargets,
  environment: string,
  snapshot: EnvironmentSnapshot | { error: string },
  inRepository: ReadonlySet<string>,
  desired: DesiredState,
): string[] {
  const stored = 'error' in snapshot ? new Set<string>() : new Set([...snapshot.stored.keys(), ...snapshot.corrupt.keys()]);
  const shown = (project: string): boolean => {
    const key = `${environment}/${project}`;
    return desired.error !== undefined || desired.hashes.has(key) || desired.disabled.has(key) || stored.has(project);
  };
  const projects = targets.selections.filter((s) => s.environment === environment && shown(s.project)).map((s) => s.project);
  if ('error' in snapshot) return projects;
  const whole = targets.wholeEnvironments.includes(environment);
  const named = targets.absent.filter((a) => a.environment === environment).map((a) => a.project);
  const storedProjects = [...snapshot.stored.keys(), ...snapshot.corrupt.keys()];
  const removed = storedProjects.filter((p) => !inRepository.has(p) && (whole || named.includes(p)));
  return [...projects, ...removed];
}

export async function collectStatus(options: StatusOptions): Promise<StatusResult> {
  const loaded = loadRepository(options.root);
  const { inventory } = loaded;
  const { environments: names, projects: projectNames } = repositoryNames(loaded);
  const inRepository = new Set(projectNames);
  const targets = resolveTargets(options.targets ?? [], names, projectNames);
  const concerned = inventory.environments.filter(
    (e) =>
      targets.wholeEnvironments.includes(e.name) ||
      targets.selections.some((s) => s.environment === e.name) ||
      targets.absent.some((a) => a.environment === e.name),
  );
  const resolver = new SecretResolver(options.backend);
  const [prepared, read] = await Promise.all([
    renderWork({ ...options, loaded }, resolver).then(async (p) => ({ p, vm: await vmRevisions('error' in p ? undefined : p.render) })),
    Promise.all(concerned.map((e) => readEnvironment(options, e))),
  ]);
  const work = 'error' in prepared.p ? prepared.p : prepared.p.work;
  const desired = await desiredState(work, new Map(concerned.map((e, i) => [e.name, (read[i] as (typeof read)[number]).snapshot])), resolver);
  const head = revisionInfo(options.root, options.env ?? process.env).commit;
  const distance = commitDistance(options.root, head);
  const environments: EnvironmentStatus[] = [];
  const built: StatusCell[] = [];
  concerned.forEach((environment, i) => {
    const { snapshot } = read[i] as (typeof read)[number];
    environments.push({
      name: environment.name,
      namespace: environment.namespace,
      deployOrder: environment.deploy_order,
      cluster: environment.cluster.name,
      ...('error' in snapshot ? { error: snapshot.error } : {}),
    });
    for (const project of cellsWanted(targets, environment.name, snapshot, inRepository, desired)) {
      built.push(buildCell({ environment: environment.name, project, snapshot, desired, distance }));
    }
    for (const group of prepared.vm.filter((g) => g.environment === environment.name)) built.push(buildVmCell(group, distance));
  });
  // A project only disabled wherever it has a cell (a VM group disabled somewhere, say) has nothing to show.
  const cells = built.filter((c) => built.some((o) => o.project === c.project && o.state !== 'disabled'));
  const projects = [...new Set(cells.map((c) => c.project))].sort();
  const report: StatusReport = {
    generatedAt: new Date().toISOString(),
    ...(head ? { head } : {}),
    ...(desired.error ? { renderError: desired.error } : {}),
    environments,
    projects,
    cells,
    counts: countCells(cells, environments),
    requests: read.reduce((n, r) => n + r.requests, 0),
  };
  // The absent targets named explicitly must exist somewhere, as for `history`.
  const missing = targets.absent.find((a) => !cells.some((c) => c.project === a.project));
  if (missing && environments.every((e) => e.error === undefined)) {
    throw unknownProjectError(missing.target, missing.project, ` (and no inventory of a removed project "${missing.project}" was found)`);
  }
  return { report, secretValues: await resolver.knownValues() };
}
