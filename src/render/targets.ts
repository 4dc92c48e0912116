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

/** Every (environment, project) pair the targets select, in environment order. */
export function selectTargets(targets: readonly string[], environments: readonly string[], projects: readonly string[]): Selection[] {
  const wanted = new Set<string>();
  const key = (e: string, p: string): string => `${e}\u0000${p}`;
  const all = targets.length === 0;
  for (const target of targets) {
    if (target.includes('..') || target.includes('\\') || target.split('/').length > 2 || target.startsWith('/')) {
      throw new TargetError(`target "${target}": must be ENV, PROJECT or ENV/PROJECT (no paths, no "..")`);
    }
    const [first, second] = target.split('/') as [string, string | undefined];
    if (second !== undefined) {
      const envs = first === '*' ? environments : [first];
      const projs = second === '*' ? projects : [second];
      if (first !== '*' && !environments.includes(first)) throw new UsageError(`target "${target}": unknown environment "${first}"; known: ${environments.join(', ')}`);
      if (second !== '*' && !projects.includes(second)) throw new UsageError(`target "${target}": unknown project "${second}"; see projects/`);
      for (const e of envs) for (const p of projs) wanted.add(key(e, p));
      continue;
    }
    const isEnv = environments.includes(first);
    const isProject = projects.includes(first);
    if (isEnv && isProject) throw new UsageError(`target "${first}" is both an environment and a project; write ${first}/* or */${first}`);
    if (isEnv) for (const p of projects) wanted.add(key(first, p));
    else if (isProject) for (const e of environments) wanted.add(key(e, first));
    else throw new UsageError(`target "${first}": no such environment (${environments.join(', ')}) or project`);
  }
  const selections: Selection[] = [];
  for (const environment of environments) {
    for (const project of projects) {
      if (all || wanted.has(key(environment, project))) selections.push({ environment, project });
    }
  }
  return selections;
}
