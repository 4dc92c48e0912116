/**
 * The herder's message handling. A failed-job event leads to a decision; a retry is
 * not done by sleeping but by sending a "retry" message back through a delay queue, and
 * done when that message returns after the delay (checked again first: someone may
 * have retried the job meanwhile). Outside production the retry is printed, not done.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { type Logger } from '../../lib/logging.js';
import { type ReceivedMessage } from '../../lib/messagequeue/consumer.js';
import { decide, type Decision } from './decide.js';
import { type GitLabApi, type Job } from './gitlab.js';
import { type Matcher } from './matchers.js';
import { type HerderMetrics } from './metrics.js';

export const JobEventSchema = Type.Object(
  {
    object_kind: Type.Literal('build', { description: 'GitLab job events are `build` events.' }),
    build_id: Type.Integer({ description: 'The job id.' }),
    build_status: Type.String({ description: 'The job status when the event was sent.' }),
    project_id: Type.Integer({ description: 'The project id.' }),
  },
  { description: 'The fields of a GitLab job webhook event the herder reads.' },
);

export const RetryRequestSchema = Type.Object(
  {
    herder_action: Type.Literal('retry', { description: "Marks the herder's own delayed message." }),
    project_id: Type.Union([Type.Integer(), Type.String()], { description: 'Project id or path.' }),
    job_id: Type.Integer({ description: 'The job to retry.' }),
    matcher: Type.String({ description: 'The matcher that asked for the retry.' }),
  },
  { description: 'A retry the herder scheduled for itself.' },
);
export type RetryRequest = Static<typeof RetryRequestSchema>;

const ajv = new Ajv({ strict: false });
const isJobEvent = ajv.compile<Static<typeof JobEventSchema>>(JobEventSchema);
const isRetryRequest = ajv.compile<RetryRequest>(RetryRequestSchema);

export interface HerderOptions {
  gitlab: GitLabApi;
  matchers: readonly Matcher[];
  logger: Logger;
  metrics: HerderMetrics;
  /** Retry through GitLab (production), or only print what would be done. */
  sideEffects: boolean;
  /** At most this much of the end of a job log is read (default 1 MiB). */
  traceLimitBytes?: number;
  /** Sends a message back to the herder's queue after a delay (Consumer.delay). */
  delay: (body: RetryRequest, delayMs: number) => Promise<void>;
}

export interface Evaluation {
  job: Job;
  decision: Decision;
}

export class Herder {
  constructor(private readonly options: HerderOptions) {}

  /** Fetches what the decision needs and decides; no side effect. */
  async evaluate(project: number | string, jobId: number): Promise<Evaluation> {
    const { gitlab, matchers } = this.options;
    const job = await gitlab.getJob(project, jobId);
    if (job.status !== 'failed') return { job, decision: decide(job, '', [], matchers) };
    const [trace, pipelineJobs] = await Promise.all([
      gitlab.getTraceTail(project, jobId, this.options.traceLimitBytes ?? 1024 * 1024),
      gitlab.listPipelineJobs(project, job.pipeline.id),
    ]);
    return { job, decision: decide(job, trace.text, pipelineJobs, matchers) };
  }

  /** The message handler: job events and the herder's own delayed retries. Throws only for transient trouble (retried later). */
  async handle(message: ReceivedMessage): Promise<void> {
    const { logger } = this.options;
    const body = message.body;
    if (isRetryRequest(body)) return this.retry(body);
    if (!isJobEvent(body)) {
      logger.warn({ routingKey: message.routingKey }, 'not a job event, ignored');
      return;
    }
    if (body.build_status !== 'failed') return;
    const { job, decision } = await this.evaluate(body.project_id, body.build_id);
    this.act(body.project_id, job, decision);
    if (decision.kind === 'retry') {
      await this.options.delay({ herder_action: 'retry', project_id: body.project_id, job_id: job.id, matcher: decision.matcher }, decision.delayMs);
    }
  }

  private act(project: number | string, job: Job, decision: Decision): void {
    const { logger, metrics } = this.options;
    const context = { project, job: job.id, jobName: job.name, stage: job.stage, url: job.web_url, reason: decision.reason };
    const labels = { stage: job.stage, job: job.name };
    switch (decision.kind) {
      case 'ignore':
        logger.debug(context, 'job left alone');
        break;
      case 'no-problem':
        metrics.noProblemDetected.inc(labels);
        logger.warn(context, 'job failed for no known reason, reported');
        break;
      case 'report':
        metrics.problemDetected.inc({ matcher: decision.matcher, ...labels });
        logger.warn({ ...context, matcher: decision.matcher, retries: decision.retries }, 'known problem reported, not retried');
        break;
      case 'retry':
        metrics.problemDetected.inc({ matcher: decision.matcher, ...labels });
        logger.info(
          { ...context, matcher: decision.matcher, retries: decision.retries, delayMs: decision.delayMs },
          'known transient problem, retry scheduled',
        );
        break;
    }
  }

  /** The delayed retry: checked again (a newer attempt may exist by now), then done or printed. */
  private async retry(request: RetryRequest): Promise<void> {
    const { gitlab, logger, metrics, sideEffects } = this.options;
    const { job, decision } = await this.evaluate(request.project_id, request.job_id);
    const context = { project: request.project_id, job: job.id, jobName: job.name, matcher: request.matcher, url: job.web_url };
    if (decision.kind !== 'retry') {
      logger.info({ ...context, reason: decision.reason }, 'scheduled retry no longer needed');
      return;
    }
    if (!sideEffects) {
      // Outside production: show what would be done, do not touch GitLab.
      process.stdout.write(`${JSON.stringify({ wouldRetry: context })}\n`);
      logger.info(context, 'would retry the job (not production)');
      return;
    }
    const retried = await gitlab.retryJob(request.project_id, request.job_id);
    metrics.problemRetries.inc({ matcher: request.matcher, stage: job.stage, job: job.name });
    logger.info({ ...context, newJob: retried.id }, 'job retried');
  }
}
