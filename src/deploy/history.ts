/**
 * Revisions of deployed projects, read from the stored inventories, and rollback:
 * the recorded commit of the deployment repository re-rendered with the recorded
 * images, then applied through the same code path as `apply`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeploymentAllError, UsageError } from '../lib/errors.js';
import { loadInventory, type EnvironmentDef } from '../render/inventory.js';
import { listProjects } from '../render/projects.js';
import { selectTargets, type Selection } from '../render/targets.js';
import { connectCluster, type Cluster } from './cluster.js';
import { deploy, type DeployOptions, type DeployResult } from './deploy.js';
import { readInventories, type Revision } from './inventory-store.js';
import { kubeConfigFor } from './kube-config.js';

export interface ProjectHistory extends Selection {
  revisions: Revision[];
}

function clusterOf(options: Pick<DeployOptions, 'clusterFor' | 'context'>, environment: EnvironmentDef): Cluster {
  return options.clusterFor?.(environment) ?? connectCluster(kubeConfigFor(environment, { context: options.context }));
}

export async function readHistory(options: Pick<DeployOptions, 'root' | 'targets' | 'clusterFor' | 'context'>): Promise<ProjectHistory[]> {
  const inventory = loadInventory(options.root);
  const projects = listProjects(options.root).projects.map((p) => p.name);
  const selections = selectTargets(options.targets ?? [], inventory.environments.map((e) => e.name), projects);
  const result: ProjectHistory[] = [];
  for (const environment of inventory.environments) {
    const wanted = selections.filter((s) => s.environment === environment.name);
    if (wanted.length === 0) continue;
    const cluster = clusterOf(options, environment);
    let stored;
    try {
      stored = await readInventories(cluster, environment.namespace, environment.name);
    } finally {
      cluster.close();
    }
    for (const s of wanted) result.push({ ...s, revisions: stored.get(s.project)?.revisions ?? [] });
  }
  return result;
}

/** Extracts `commit` of the git repository at `root` into a temporary folder. */
function checkout(root: string, commit: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-rollback-'));
  try {
    execFileSync('sh', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'sh', root, commit, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new DeploymentAllError(`cannot read commit ${commit} of ${root}: ${detail || (error as Error).message}`, { cause: error });
  }
  return dir;
}

/** Rolls one ENV/PROJECT back to revision `to`. */
export async function rollback(options: DeployOptions & { to: number }): Promise<DeployResult & { revision: Revision }> {
  const targets = options.targets ?? [];
  if (targets.length !== 1 || !/^[^/*]+\/[^/*]+$/.test(targets[0] ?? '')) {
    throw new UsageError('rollback takes exactly one ENV/PROJECT target');
  }
  const [history] = await readHistory(options);
  if (!history) throw new UsageError(`no such target ${targets[0]}`);
  const revision = history.revisions.find((r) => r.number === options.to);
  if (!revision) {
    const known = history.revisions.map((r) => r.number).join(', ') || 'none';
    throw new DeploymentAllError(`${targets[0]} has no revision ${options.to}; known revisions: ${known}`);
  }
  if (!revision.commit) throw new DeploymentAllError(`${targets[0]} revision ${options.to} recorded no commit; it cannot be re-rendered`);
  const dir = checkout(options.root, revision.commit);
  try {
    const result = await deploy({ ...options, root: dir, imageOverrides: revision.images, revision: { ...options.revision, commit: revision.commit } });
    return { ...result, revision };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
