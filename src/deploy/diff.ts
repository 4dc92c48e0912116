/**
 * What `apply` would change, asked of the API server with a server-side dry run:
 * per object a unified diff of live against the dry-run result (server defaults
 * included on both sides, so only real changes show), plus what would be created
 * and pruned. Secret values are masked; every known secret value is masked anywhere.
 */
import { createTwoFilesPatch } from 'diff';
import { dump } from 'js-yaml';
import pLimit from 'p-limit';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { objectRef } from '../render/objects/k8s-object.js';
import { idOf } from './cluster.js';
import { loadEnvironmentState, prepareDeploy, type DeployOptions } from './deploy.js';
import { SecretResolver } from './fill-secrets.js';
import { emptyInventory } from './inventory-store.js';
import { maskSecretPair, stripServerFields } from './normalize-live.js';
import { planProject } from './plan.js';

export type DiffAction = 'create' | 'update' | 'prune' | 'unchanged' | 'error';

export interface ObjectDiff {
  environment: string;
  project: string;
  ref: string;
  action: DiffAction;
  /** Unified diff for create and update. */
  patch?: string;
  message?: string;
}

export interface DiffResult {
  diffs: ObjectDiff[];
  secretValues: string[];
}

function yamlOf(obj: K8sObject | undefined): string {
  return obj ? dump(obj, { noRefs: true, lineWidth: -1, sortKeys: true }) : '';
}

export async function diffDeploy(options: Omit<DeployOptions, 'onResult'>): Promise<DiffResult> {
  const resolver = new SecretResolver(options.backend);
  const environments = await prepareDeploy(options, resolver);
  const diffs: ObjectDiff[] = [];
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  for (const { environment, items } of environments) {
    const { cluster, stored, live } = await loadEnvironmentState(options, environment, items);
    try {
      for (const item of items) {
        const base = { environment: environment.name, project: item.project };
        const inventory = stored.get(item.project) ?? emptyInventory(item.project, environment.name);
        const plan = planProject(item.project, item.objects, item.desiredHash, inventory, live, { ...options, force: true });
        const perObject = await Promise.all(
          item.objects.map((obj) =>
            limit(async (): Promise<ObjectDiff> => {
              const ref = objectRef(obj);
              try {
                const [current, dryRun] = await Promise.all([cluster.get(idOf(obj)), cluster.apply(obj, { dryRun: true, force: options.forceConflicts })]);
                const masked = maskSecretPair(current && stripServerFields(current), stripServerFields(dryRun));
                const before = yamlOf(masked.live);
                const after = yamlOf(masked.desired);
                if (before === after) return { ...base, ref, action: 'unchanged' };
                const patch = createTwoFilesPatch(current ? `live ${ref}` : '/dev/null', `desired ${ref}`, before, after, undefined, undefined, { context: 3 });
                return { ...base, ref, action: current ? 'update' : 'create', patch };
              } catch (error) {
                return { ...base, ref, action: 'error', message: (error as Error).message };
              }
            }),
          ),
        );
        diffs.push(...perObject);
        for (const candidate of plan.prune) diffs.push({ ...base, ref: candidate.ref, action: 'prune', ...(plan.pruneBlocked ? { message: plan.pruneBlocked } : {}) });
      }
    } finally {
      cluster.close();
    }
  }
  return { diffs, secretValues: await resolver.knownValues() };
}
