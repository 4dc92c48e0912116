/**
 * The PersistentVolumeClaims a project creates. Every claim its volumes mount is either
 * created with the project, sized by the volume's `storage` (or by `deployment.storage`
 * for the claim named after the project), or declared `existing: true`. A claim that
 * nothing creates would leave the pod Pending for ever, so it is a problem that says
 * what to write.
 */
import type { VolumeVars } from '../schema/project-vars-schema.js';
import type { PathSegment } from '../yaml-source.js';
import type { PvcModel } from './project-model.js';

/** One pvc volume of the deployment: its index in `deployment.volumes`, the claim name resolved. */
export interface ClaimMount {
  index: number;
  claim: string;
  vars: VolumeVars;
}

export interface ClaimDefaults {
  /** The project name: the claim that `deployment.storage` sizes. */
  project: string;
  /** `deployment.storage`. */
  storage?: string;
  /** `deployment.storage_class`, else the environment's. */
  storageClass?: string;
}

/** A problem at a path relative to `deployment.volumes`. */
export interface ClaimProblem {
  path: PathSegment[];
  message: string;
}

/** The settings a volume gives its claim, in the order they are compared. */
const CLAIM_SETTINGS = ['storage', 'storage_class'] as const;

/**
 * Claims to create: the project's own (`deployment.storage`) first, even when nothing
 * mounts it, then the others in the order the volumes first name them.
 */
export function volumeClaims(mounts: ClaimMount[], defaults: ClaimDefaults): { claims: PvcModel[]; problems: ClaimProblem[] } {
  const problems: ClaimProblem[] = [];
  const byClaim = new Map<string, ClaimMount[]>();
  for (const mount of mounts) byClaim.set(mount.claim, [...(byClaim.get(mount.claim) ?? []), mount]);

  const claims: PvcModel[] = [];
  const projectClaim = defaults.storage !== undefined ? defaults.project : undefined;
  if (projectClaim !== undefined && !byClaim.has(projectClaim)) claims.push(claimModel(projectClaim, defaults.storage as string, defaults.storageClass));

  for (const [claim, group] of byClaim) {
    const sizedByDeployment = claim === projectClaim;
    const existing = group.find((m) => m.vars.existing === true);
    const setting = group.find((m) => CLAIM_SETTINGS.some((key) => m.vars[key] !== undefined));
    if (existing) {
      if (setting) {
        const key = CLAIM_SETTINGS.find((k) => setting.vars[k] !== undefined) as string;
        problems.push({
          path: [setting.index, key],
          message: `claim "${claim}" is declared existing: true (volumes[${existing.index}]), so the project never creates it and ${key} has no effect: remove ${key}, or existing: true to create the claim here`,
        });
      } else if (sizedByDeployment) {
        problems.push({
          path: [existing.index, 'existing'],
          message: `claim "${claim}" is created by deployment.storage, so it is not existing: remove existing: true, or deployment.storage if the claim is made outside the project`,
        });
      }
      continue;
    }
    const conflict = settingConflict(claim, group, sizedByDeployment ? defaults.storage : undefined);
    if (conflict) {
      problems.push(conflict);
      continue;
    }
    const storage = sizedByDeployment ? defaults.storage : group.find((m) => m.vars.storage !== undefined)?.vars.storage;
    if (storage === undefined) {
      problems.push({ path: [group[0]?.index ?? 0], message: uncreatedMessage(claim, group[0]?.vars, claim === defaults.project) });
      continue;
    }
    const storageClass = group.find((m) => m.vars.storage_class !== undefined)?.vars.storage_class ?? defaults.storageClass;
    const model = claimModel(claim, String(storage), storageClass);
    if (sizedByDeployment) claims.unshift(model);
    else claims.push(model);
  }
  return { claims, problems };
}

function claimModel(name: string, storage: string, storageClass: string | undefined): PvcModel {
  return { name, storage, ...(storageClass ? { storageClass } : {}) };
}

/** Two volumes (or a volume and `deployment.storage`) giving one claim different settings. */
function settingConflict(claim: string, group: ClaimMount[], deploymentStorage: string | undefined): ClaimProblem | undefined {
  for (const key of CLAIM_SETTINGS) {
    const first = key === 'storage' && deploymentStorage !== undefined ? { where: 'deployment.storage', value: deploymentStorage } : undefined;
    let seen = first;
    for (const m of group) {
      const value = m.vars[key];
      if (value === undefined) continue;
      if (seen === undefined) {
        seen = { where: `volumes[${m.index}]`, value: String(value) };
        continue;
      }
      if (seen.where === 'deployment.storage') {
        return {
          path: [m.index, key],
          message: `claim "${claim}" is sized by deployment.storage (${seen.value}) and here (${String(value)}); keep one: remove this storage, or deployment.storage`,
        };
      }
      if (seen.value !== String(value)) {
        return {
          path: [m.index, key],
          message: `claim "${claim}" gets ${key} ${seen.value} from ${seen.where} and ${String(value)} here; a claim has one ${key}: write it on one volume only`,
        };
      }
    }
  }
  return undefined;
}

/** What to write when nothing creates a claim: the volume as written, with a size. */
function uncreatedMessage(claim: string, vars: VolumeVars | undefined, namedAfterProject: boolean): string {
  const suggestion = `{pvc: ${vars?.pvc ?? claim}, mountPath: ${vars?.mountPath ?? '/data'}, storage: 10Gi}`;
  const projectHint = namedAfterProject ? ' (or set deployment.storage)' : '';
  return (
    `nothing creates claim "${claim}", so the pod would stay Pending for ever: give the volume a size to create the claim with the project, ` +
    `e.g. ${suggestion}${projectHint}, or declare a claim made outside the project with existing: true`
  );
}
