/**
 * What GitLab refuses that its CI JSON schema lets through, checked on every generated
 * pipeline before it is printed: job and `needs` counts, deployment tiers and the
 * characters of environment names.
 */
import type { Problem } from '../lib/errors.js';
import { DEPLOYMENT_TIERS } from '../render/schema/inventory-schema.js';
import { jobCount, type ChildPipeline } from './pipeline-model.js';

/** GitLab's limits: deployment jobs in one pipeline, and `needs` of one job. */
export const PIPELINE_LIMITS = { jobsPerPipeline: 500, needsPerJob: 50 } as const;

/** Environment names GitLab accepts: letters, digits, spaces and `- _ / $ { }`; not starting or ending with `/`. */
const ENVIRONMENT_NAME = /^[A-Za-z0-9 _/${}-]+$/;

const tiers: readonly string[] = DEPLOYMENT_TIERS;

/** Every problem of one generated pipeline; `file` names it in the messages. */
export function pipelineProblems(pipeline: ChildPipeline, file: string): Problem[] {
  const problems: Problem[] = [];
  const jobs = Object.entries(pipeline.jobs);
  const count = jobCount(pipeline);
  if (count > PIPELINE_LIMITS.jobsPerPipeline) {
    problems.push({ file, message: `${count} jobs; GitLab runs at most ${PIPELINE_LIMITS.jobsPerPipeline} in one pipeline` });
  }
  for (const [name, job] of jobs) {
    const path = name;
    if (job.needs.length > PIPELINE_LIMITS.needsPerJob) {
      problems.push({ file, path, message: `${job.needs.length} needs; GitLab allows at most ${PIPELINE_LIMITS.needsPerJob}` });
    }
    for (const need of job.needs) {
      if (!(need in pipeline.jobs)) problems.push({ file, path: `${path}.needs`, message: `needs "${need}", which is not a job of this pipeline` });
    }
    const env = job.environment;
    if (!tiers.includes(env.deployment_tier)) {
      problems.push({ file, path: `${path}.environment.deployment_tier`, message: `"${env.deployment_tier}" is not one of ${tiers.join(', ')}` });
    }
    if (!ENVIRONMENT_NAME.test(env.name) || env.name.startsWith('/') || env.name.endsWith('/')) {
      problems.push({ file, path: `${path}.environment.name`, message: `"${env.name}" has characters GitLab refuses in an environment name` });
    }
    if (!pipeline.stages.includes(job.stage)) problems.push({ file, path: `${path}.stage`, message: `stage "${job.stage}" is not in stages` });
  }
  return problems;
}
