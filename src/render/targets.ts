/**
 * Command-line targets: `ENV`, `PROJECT`, `ENV/PROJECT` (and `ENV/*`, `*\/PROJECT`).
 * No target means everything.
 */
import { DeploymentAllError, UsageError } from '../lib/errors.js';

export interface Selection {
  environment: string;
  project: string;
}

/** A target naming a path outside projects/: bad input, not a usage slip. */
export class TargetError extends DeploymentAllError {
  override readonly name = 'TargetError';
}

/** What the targets select, for commands that also reach projects no longer in projects/ (deploy, history). */
export interface ResolvedTargets {
  /** Every (environment, project) pair of projects/ selected, in environment order. */
  selections: Selection[];
  /** Environments selected whole (no target, `ENV`, `ENV/*`): projects removed from the repository are selected there too. */
  wholeEnvironments: string[];
  /** `ENV/PROJECT` (or `*\/PROJECT`) naming a project that is not in projects/: a removed project, if its inventory is found. */
  absent: (Selection & { target: string })[];
}

function checkShape(target: string): void {
  if (target.includes('..') || target.includes('\\') || target.split('/').length > 2 || target.startsWith('/')) {
    throw new TargetError(`target "${target}": must be ENV, PROJECT or ENV/PROJECT (no paths, no "..")`);
  }
}

/** Resolves the targets; a project missing from projects/ named with its environment is returned as `absent`, not refused. */
export function resolveTargets(targets: readonly string[], environments: readonly string[], projects: readonly string[]): ResolvedTargets {
  const wanted = new Set<string>();
  const key = (e: string, p: string): string => `${e}\u0000${p}`;
  const all = targets.length === 0;
  const whole = new Set<string>(all ? environments : []);
  const absent: ResolvedTargets['absent'] = [];
  for (const target of targets) {
    checkShape(target);
    const [first, second] = target.split('/') as [string, string | undefined];
    if (second !== undefined) {
      const envs = first === '*' ? environments : [first];
      if (first !== '*' && !environments.includes(first))
        throw new UsageError(`target "${target}": unknown environment "${first}"; known: ${environments.join(', ')}`);
      if (second === '*') for (const e of envs) whole.add(e);
      if (second !== '*' && !projects.includes(second)) {
        for (const e of envs) absent.push({ target, environment: e, project: second });
        continue;
      }
      const projs = second === '*' ? projects : [second];
      for (const e of envs) for (const p of projs) wanted.add(key(e, p));
      continue;
    }
    const isEnv = environments.includes(first);
    const isProject = projects.includes(first);
    if (isEnv && isProject) throw new UsageError(`target "${first}" is both an environment and a project; write ${first}/* or */${first}`);
    if (isEnv) {
      whole.add(first);
      for (const p of projects) wanted.add(key(first, p));
    } else if (isProject) for (const e of environments) wanted.add(key(e, first));
    else {
      throw new UsageError(`target "${first}": no such environment (${environments.join(', ')}) or project`);
    }
  }
  const selections: Selection[] = [];
  for (const environment of environments) {
    for (const project of projects) {
      if (all || wanted.has(key(environment, project))) selections.push({ environment, project });
    }
  }
  return { selections, wholeEnvironments: environments.filter((e) => whole.has(e)), absent };
}

/** Every (environment, project) pair the targets select, in environment order; a project not in projects/ is a usage error. */
export function selectTargets(targets: readonly string[], environments: readonly string[], projects: readonly string[]): Selection[] {
  const resolved = resolveTargets(targets, environments, projects);
  const [missing] = resolved.absent;
  if (missing) throw unknownProjectError(missing.target, missing.project);
  return resolved.selections;
}

/** The usage error of a target naming a project that is neither in projects/ nor (when looked for) deployed. */
export function unknownProjectError(target: string, project: string, detail = ''): UsageError {
  return new UsageError(`target "${target}": unknown project "${project}"; see projects/${detail}`);
}
