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
import { loadRepository, repositoryNames, type LoadedRepository } from '../render/load-repository.js';
import { resolveTargets, type Selection } from '../render/targets.js';
import { deploy, type DeployOptions, type DeployResult } from './deploy.js';
import { checkNamedRemovals, openEnvironments } from './environment.js';
import type { Revision } from './inventory-store.js';
import { planRemovals } from './plan.js';

export interface ProjectHistory extends Selection {
  revisions: Revision[];
  /** Its folder is gone from projects/ but its inventory is still stored (not pruned yet, or protected objects kept). */
  removed?: boolean;
}

/** Revisions of the selected projects, and of projects removed from the repository whose inventory is still stored. */
export async function readHistory(
  options: Pick<DeployOptions, 'root' | 'targets' | 'clusterFor' | 'context'>,
  loaded: LoadedRepository = loadRepository(options.root),
): Promise<ProjectHistory[]> {
  const { inventory } = loaded;
  const { environments, projects } = repositoryNames(loaded);
  const targets = resolveTargets(options.targets ?? [], environments, projects);
  const concerned = (name: string) =>
    targets.wholeEnvironments.includes(name) || targets.selections.some((s) => s.environment === name) || targets.absent.some((a) => a.environment === name);
  const opened = await openEnvironments(
    options,
    inventory.environments.filter((e) => concerned(e.name)),
    false,
  );
  for (const entry of opened) entry.cluster.close();
  checkNamedRemovals(targets.absent, opened);
  const inRepository = new Set(projects);
  const result: ProjectHistory[] = [];
  for (const { environment, stored } of opened) {
    for (const s of targets.selections) if (s.environment === environment.name) result.push({ ...s, revisions: stored.get(s.project)?.revisions ?? [] });
    const scope = {
      whole: targets.wholeEnvironments.includes(environment.name),
      named: targets.absent.filter((a) => a.environment === environment.name).map((a) => a.project),
    };
    for (const { project } of planRemovals(stored, inRepository, scope, { allowMassPrune: true })) {
      result.push({ environment: environment.name, project, revisions: stored.get(project)?.revisions ?? [], removed: true });
    }
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
