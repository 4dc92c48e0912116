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

/** One child pipeline file: stages in deploy order, jobs by name. */
export interface ChildPipeline {
  stages: string[];
  jobs: Record<string, DeployJob>;
}
