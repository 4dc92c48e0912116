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
import { applyObject } from './apply-project.js';
import { idOf } from './cluster.js';
import { loadLiveIndex, openWork, pinDigests, prepareDeployWork, type DeployOptions, type PinnedImages, type VmRender } from './deploy.js';
import { emptyNamespaceCluster } from './environment.js';
import { SecretResolver } from './fill-secrets.js';
import { emptyInventory } from './inventory-store.js';
import { maskSecretPair, stripServerFields } from './normalize-live.js';
import { planProject } from './plan.js';

/** `forget`: a retired project's inventory would be deleted (nothing it deployed is left). */
export type DiffAction = 'create' | 'update' | 'prune' | 'forget' | 'unchanged' | 'error';

export interface ObjectDiff {
  environment: string;
  project: string;
  ref: string;
  action: DiffAction;
  /** Unified diff for create and update. */
  patch?: string;
  /** Why a prune would be refused, or why an object could not be compared. */
  message?: string;
  /** A prune of a project that renders nothing on purpose: why (removed from the repository, disabled here). */
  retired?: string;
}

export interface DiffResult {
  diffs: ObjectDiff[];
  /** How each project's images were pinned (environments with image_registries), moved tags included. */
  images: PinnedImages;
  secretValues: string[];
  /** The selection's render, for the VM groups' check run. */
  render: VmRender;
}

function yamlOf(obj: K8sObject | undefined): string {
  return obj ? dump(obj, { noRefs: true, lineWidth: -1, sortKeys: true }) : '';
}

export async function diffDeploy(options: Omit<DeployOptions, 'onResult'>): Promise<DiffResult> {
  const resolver = new SecretResolver(options.backend);
  const { work: environments, render } = await prepareDeployWork(options, resolver);
  const diffs: ObjectDiff[] = [];
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const ready = await openWork(options, environments, false);
  let images: PinnedImages = new Map();
  try {
    images = await pinDigests(ready, resolver, { refreshImages: options.refreshImages, checkMovedTags: true });
    for (const env of ready) {
      const { environment, items } = env;
      const cluster = env.namespace === 'absent' ? emptyNamespaceCluster(env.cluster) : env.cluster;
      const live = await loadLiveIndex(env);
      for (const item of items) {
        const base = { environment: environment.name, project: item.project };
        const inventory = env.stored.get(item.project) ?? emptyInventory(item.project, environment.name);
        const plan = planProject(item.project, item.objects, item.desiredHash, inventory, live, { ...options, force: true }, item.retirement);
        const perObject = await Promise.all(
          item.objects.map((obj) =>
            limit(async (): Promise<ObjectDiff> => {
              const ref = objectRef(obj);
              try {
                const [current, { result: dryRun }] = await Promise.all([
                  cluster.get(idOf(obj)),
                  applyObject(cluster, obj, { dryRun: true, forceConflicts: options.forceConflicts }),
                ]);
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
        for (const candidate of plan.prune) {
          diffs.push({
            ...base,
            ref: candidate.ref,
            action: 'prune',
            ...(plan.pruneBlocked ? { message: plan.pruneBlocked } : {}),
            ...(plan.retired ? { retired: `${item.project}: ${plan.reason}` } : {}),
          });
        }
        if (plan.forget && !plan.pruneBlocked) diffs.push({ ...base, ref: `${environment.name}/${item.project}`, action: 'forget', retired: plan.reason });
      }
    }
  } finally {
    for (const env of ready) env.cluster.close();
  }
  return { diffs, images, secretValues: await resolver.knownValues(), render };
}
