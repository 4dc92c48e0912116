/**
 * Inventory + render result -> the child pipelines that deploy them: one job per enabled
 * (environment, project), stages in deploy order, each project's job needing only the same
 * project's job in the previous environment where it is enabled. Pure: no I/O.
 */
import { DeploymentAllError } from '../lib/errors.js';
import type { EnvironmentDef } from '../render/inventory.js';
import type { DeploymentTier } from '../render/schema/inventory-schema.js';
import { DEPLOYMENT_TIERS } from '../render/schema/inventory-schema.js';
import { pinnedImages, type ImageRequest } from './image-pins.js';
import { PIPELINE_LIMITS } from './limits.js';
import type { ChildPipeline, DeployJob } from './pipeline-model.js';

/** What the generator needs of a render: which pairs render, with their images. */
export interface PipelineInput {
  /** Environments in deploy order. */
  environments: readonly EnvironmentDef[];
  /** Enabled pairs (a disabled project gets no job), with the images they render. */
  rendered: readonly { environment: string; project: string; images: readonly string[] }[];
  /** Images to pin, by project. */
  images?: ReadonlyMap<string, ImageRequest>;
  /** The script each job runs, relative to the repository root. */
  deployScript?: string;
  /** Every job resolves image tags anew (DEPLOY_REFRESH_IMAGES: apply --refresh-images). */
  refreshImages?: boolean;
}

/** The job script of the deploy jobs, in deployment-all's scripts/. */
export const DEPLOY_SCRIPT = 'scripts/pipeline/deploy-job';

/** The environment's tier: its own `deployment_tier`, else its name when that is a tier, else other. */
export function deploymentTier(environment: EnvironmentDef): DeploymentTier {
  if (environment.deployment_tier) return environment.deployment_tier;
  return DEPLOYMENT_TIERS.find((tier) => tier === environment.name) ?? 'other';
}

/** The name of a project's job (and of its GitLab environment and resource group). */
export function jobName(environment: string, project: string): string {
  return `${environment}/${project}`;
}

/** Every project's jobs, in deploy order, keyed by project. */
function jobsByProject(input: PipelineInput): Map<string, [string, DeployJob][]> {
  const order = new Map(input.environments.map((e, i) => [e.name, i]));
  const pairs = [...input.rendered].sort((a, b) => a.project.localeCompare(b.project) || (order.get(a.environment) ?? 0) - (order.get(b.environment) ?? 0));
  const byProject = new Map<string, [string, DeployJob][]>();
  for (const pair of pairs) {
    const environment = input.environments.find((e) => e.name === pair.environment);
    if (!environment) throw new DeploymentAllError(`pipeline: ${pair.environment} is not an environment of the inventory (a bug)`);
    const name = jobName(pair.environment, pair.project);
    const jobs = byProject.get(pair.project) ?? [];
    const previous = jobs.at(-1);
    const request = input.images?.get(pair.project);
    const variables: Record<string, string> = request ? { DEPLOY_IMAGES: pinnedImages(request, pair.images).join(' ') } : {};
    if (input.refreshImages) variables.DEPLOY_REFRESH_IMAGES = 'true';
    jobs.push([
      name,
      {
        stage: pair.environment,
        environment: { name, deployment_tier: deploymentTier(environment) },
        resource_group: name,
        needs: previous ? [previous[0]] : [],
        variables,
        script: [`${input.deployScript ?? DEPLOY_SCRIPT} ${name}`],
      },
    ]);
    byProject.set(pair.project, jobs);
  }
  return byProject;
}

/**
 * The child pipelines: one unless the jobs exceed GitLab's limit, then several, each
 * holding whole projects (every environment of a project in the same pipeline, so its
 * `needs` stay inside it and a failing project holds up nobody else).
 */
export function buildPipelines(input: PipelineInput): ChildPipeline[] {
  const byProject = jobsByProject(input);
  if (byProject.size === 0) throw new DeploymentAllError('pipeline: the targets select no enabled project in any environment; nothing to deploy');
  // Past one pipeline, the first also holds a fetch job and a trigger job per further
  // pipeline (see ChildPipelineChain): split again with that room kept until it fits.
  let reserved = 0;
  let groups = splitProjects(byProject, reserved);
  while (groups.length > 1 && groups.length > reserved) {
    reserved = groups.length;
    groups = splitProjects(byProject, reserved);
  }
  return groups.map((group) => {
    // Jobs listed by environment, then project: the order GitLab shows them in.
    const ordered = input.environments.flatMap((e) => group.filter(([, job]) => job.stage === e.name));
    return {
      stages: input.environments.map((e) => e.name).filter((name) => ordered.some(([, job]) => job.stage === name)),
      jobs: Object.fromEntries(ordered),
    };
  });
}

/** Whole projects into groups of at most 500 jobs, `reserved` of them kept free in the first. */
function splitProjects(byProject: Map<string, [string, DeployJob][]>, reserved: number): [string, DeployJob][][] {
  const groups: [string, DeployJob][][] = [[]];
  for (const jobs of byProject.values()) {
    const current = groups.at(-1) as [string, DeployJob][];
    const room = PIPELINE_LIMITS.jobsPerPipeline - (groups.length === 1 ? reserved : 0);
    if (current.length > 0 && current.length + jobs.length > room) groups.push([...jobs]);
    else current.push(...jobs);
  }
  return groups;
}
