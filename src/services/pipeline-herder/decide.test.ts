import { describe, expect, it } from 'vitest';
import { decide, matchFailure } from './decide.js';
import { type Job } from './gitlab.js';
import { parseMatchers } from './matchers.js';

const matchers = parseMatchers(`
- name: runner-lost
  description: The runner lost the job.
  failure_reason: runner_system_failure
  action: retry
  retry_delays: [1m, 5m]
- name: network
  description: Network timeouts.
  messages: ['Connection timed out', '/TLS handshake timeout/']
  job_name: /^build/
  action: retry
  retry_limit: 2
- name: no-trace
  description: No log.
  builtin: no_trace
  action: report
`);

const job = (overrides: Partial<Job> = {}): Job => ({
  id: 100,
  name: 'build x86_64',
  stage: 'build',
  status: 'failed',
  failure_reason: 'script_failure',
  web_url: 'https://gitlab.example/p/-/jobs/100',
  pipeline: { id: 9 },
  ...overrides,
});

describe('matchFailure', () => {
  it('needs every condition of a matcher', () => {
    expect(matchFailure(job({ failure_reason: 'runner_system_failure' }), 'log', matchers)?.name).toBe('runner-lost');
    expect(matchFailure(job(), 'error: TLS handshake timeout\n', matchers)?.name).toBe('network');
    expect(matchFailure(job({ name: 'test' }), 'Connection timed out', matchers)).toBeUndefined();
    expect(matchFailure(job(), '   \n', matchers)?.name).toBe('no-trace');
    expect(matchFailure(job(), 'compile error', matchers)).toBeUndefined();
  });
});

describe('decide', () => {
  it('retries with the delay for the attempt, the last delay repeating', () => {
    const failed = job({ failure_reason: 'runner_system_failure' });
    expect(decide(failed, '', [failed], matchers)).toMatchObject({ kind: 'retry', matcher: 'runner-lost', delayMs: 60_000, retries: 0 });
    const earlier = [job({ id: 90 }), job({ id: 95 }), failed];
    expect(decide(failed, '', earlier, matchers)).toMatchObject({ kind: 'retry', delayMs: 300_000, retries: 2 });
  });

  it('leaves a job alone once its retries reach the limit', () => {
    const failed = job({ failure_reason: 'runner_system_failure' });
    const pipeline = [job({ id: 1 }), job({ id: 2 }), job({ id: 3 }), failed];
    expect(decide(failed, '', pipeline, matchers)).toMatchObject({ kind: 'report', matcher: 'runner-lost', reason: 'retry limit 3 reached', retries: 3 });
  });

  it('ignores jobs that did not fail and jobs with a newer attempt', () => {
    expect(decide(job({ status: 'success' }), '', [], matchers)).toEqual({ kind: 'ignore', reason: 'job status is success' });
    expect(decide(job({ status: 'canceled' }), '', [], matchers).kind).toBe('ignore');
    const failed = job({ failure_reason: 'runner_system_failure' });
    expect(decide(failed, '', [failed, job({ id: 101 })], matchers)).toMatchObject({ kind: 'ignore', reason: 'the pipeline has a newer attempt of this job' });
  });

  it('reports unknown failures and report-only matchers', () => {
    expect(decide(job(), 'compile error', [], matchers)).toMatchObject({ kind: 'no-problem' });
    expect(decide(job(), '', [], matchers)).toMatchObject({ kind: 'report', matcher: 'no-trace' });
  });
});
