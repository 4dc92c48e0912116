/** The generated child pipeline as data: what `deployment-all pipeline` prints as YAML. */
import type { DeploymentTier } from '../render/schema/inventory-schema.js';

/** One deploy job, `<environment>/<project>`. */
export interface DeployJob {
  stage: string;
  environment: { name: string; deployment_tier: DeploymentTier };
  /** One per target: two deploys of the same environment and project never overlap. */
  resource_group: string;
  /** The same project's job in the previous environment of deploy order, or none. */
  needs: string[];
  variables: Record<string, string>;
  script: string[];
}

/**
 * Past GitLab's 500 jobs, the first child pipeline starts the others: a job fetches the
 * generator's artifact from the parent pipeline (`needs:pipeline:job`, the parent's id in
 * PARENT_PIPELINE_ID) and one trigger job per further file runs it as a child pipeline of
 * its own (GitLab nests child pipelines two levels deep; these are the second level).
 */
export interface ChildPipelineChain {
  /** The further files, `deploy-2.yml`, ... */
  files: string[];
  /** Where the generator job keeps them, relative to the repository (its artifact path). */
  dir: string;
  /** The parent pipeline's generator job. */
  parentJob: string;
}

/** One child pipeline file: stages in deploy order, jobs by name. */
export interface ChildPipeline {
  stages: string[];
  jobs: Record<string, DeployJob>;
  chain?: ChildPipelineChain;
}

/** The first pipeline's job that fetches the other pipelines' files. */
export const CHAIN_FETCH_JOB = 'child-pipelines';

/** Jobs a pipeline runs: its deploy jobs and, in the first one past 500 jobs, the fetch and trigger jobs. */
export function jobCount(pipeline: ChildPipeline): number {
  return Object.keys(pipeline.jobs).length + (pipeline.chain ? pipeline.chain.files.length + 1 : 0);
}
