/**
 * What to do about one failed job: a pure function of the job, its log tail, the jobs
 * of its pipeline and the matchers, so every rule is tested without a server.
 */
import { type Job } from './gitlab.js';
import { type Matcher } from './matchers.js';

export type Decision =
  /** Nothing to do: the job did not fail, or a newer attempt exists. */
  | { kind: 'ignore'; reason: string }
  /** Failed, and no matcher knows the failure: reported. */
  | { kind: 'no-problem'; reason: string }
  /** A known problem that is not (or no longer) retried: reported. */
  | { kind: 'report'; matcher: string; reason: string; retries: number }
  /** A known transient problem: retry after the delay. */
  | { kind: 'retry'; matcher: string; delayMs: number; retries: number; reason: string };

function found(pattern: string | RegExp, text: string): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/** The first matcher whose every condition holds for this job. */
export function matchFailure(job: Job, trace: string, matchers: readonly Matcher[]): Matcher | undefined {
  return matchers.find((matcher) => {
    if (matcher.failureReason !== undefined && job.failure_reason !== matcher.failureReason) return false;
    if (matcher.jobName !== undefined && !found(matcher.jobName, job.name)) return false;
    if (matcher.noTrace && trace.trim() !== '') return false;
    if (matcher.messages.length > 0 && !matcher.messages.some((message) => found(message, trace))) return false;
    return true;
  });
}

/** Earlier and later attempts of the same job (same name) in its pipeline. */
export function attempts(job: Job, pipelineJobs: readonly Job[]): { earlier: number; newer: number } {
  const same = pipelineJobs.filter((other) => other.name === job.name && other.id !== job.id);
  return { earlier: same.filter((other) => other.id < job.id).length, newer: same.filter((other) => other.id > job.id).length };
}

export function decide(job: Job, trace: string, pipelineJobs: readonly Job[], matchers: readonly Matcher[]): Decision {
  if (job.status !== 'failed') return { kind: 'ignore', reason: `job status is ${job.status}` };
  const { earlier, newer } = attempts(job, pipelineJobs);
  if (newer > 0) return { kind: 'ignore', reason: 'the pipeline has a newer attempt of this job' };
  const matcher = matchFailure(job, trace, matchers);
  if (matcher === undefined) return { kind: 'no-problem', reason: `no matcher for failure reason ${job.failure_reason ?? 'unknown'}` };
  if (matcher.action === 'report') return { kind: 'report', matcher: matcher.name, reason: matcher.description, retries: earlier };
  if (earlier >= matcher.retryLimit) {
    return { kind: 'report', matcher: matcher.name, reason: `retry limit ${matcher.retryLimit} reached`, retries: earlier };
  }
  const delays = matcher.retryDelaysMs;
  const delayMs = delays[Math.min(earlier, delays.length - 1)] as number;
  return { kind: 'retry', matcher: matcher.name, delayMs, retries: earlier, reason: matcher.description };
}
