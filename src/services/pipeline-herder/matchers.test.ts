import { describe, expect, it } from 'vitest';
import { ProblemsError } from '../../lib/errors.js';
import { parseMatchers } from './matchers.js';

describe('parseMatchers', () => {
  it('fills in defaults, compiles /regexes/ and parses delays', () => {
    const [first, second] = parseMatchers(`
- name: network-timeout
  description: Transient network failures.
  messages: ['Connection timed out', '/TLS handshake timeout/i']
  action: retry
- name: runner
  description: The runner lost the job.
  failure_reason: runner_system_failure
  job_name: /^build /
  action: retry
  retry_limit: 5
  retry_delays: [1m, 90s, 15m]
`);
    expect(first).toMatchObject({ name: 'network-timeout', retryLimit: 3, retryDelaysMs: [300_000], noTrace: false });
    expect(first?.messages[0]).toBe('Connection timed out');
    expect(first?.messages[1]).toEqual(/TLS handshake timeout/i);
    expect(second).toMatchObject({ failureReason: 'runner_system_failure', retryLimit: 5, retryDelaysMs: [60_000, 90_000, 900_000] });
    expect(second?.jobName).toEqual(/^build /);
  });

  it('reports every problem with its path', () => {
    const text = `
- name: a
  description: x
  messages: ['/(unclosed/']
  action: retry
  retry_delays: [soon]
- name: b
  description: y
  action: maybe
  colour: red
- name: a
  description: z
  action: report
`;
    let failure: unknown;
    try {
      parseMatchers(text, 'config/matchers.yml');
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ProblemsError);
    const message = (failure as ProblemsError).message;
    expect(message).toContain('config/matchers.yml: [1]: must NOT have additional properties');
    expect(message).toContain('config/matchers.yml: [1].action');
  });

  it('reports semantic problems after the schema passes', () => {
    const text = `
- name: a
  description: x
  messages: ['/(unclosed/']
  action: retry
  retry_delays: [soon]
- name: a
  description: z
  action: report
`;
    expect(() => parseMatchers(text, 'm.yml')).toThrow(ProblemsError);
    try {
      parseMatchers(text, 'm.yml');
    } catch (error) {
      const lines = (error as ProblemsError).problems.map((problem) => `${problem.path}: ${problem.message}`);
      expect(lines).toEqual([
        '[0].retry_delays[0]: "soon" is not a duration such as 500ms, 30s, 5m, 1h or 1d',
        expect.stringMatching(/^\[0\]\.messages\[0\]: invalid regular expression/),
        '[1]: matcher a needs messages, failure_reason or builtin, or it would match every failure',
        '[1].name: duplicate matcher name a',
      ]);
    }
  });

  it('refuses text that is not YAML', () => {
    expect(() => parseMatchers('- [unclosed', 'm.yml')).toThrow(/m\.yml: not valid YAML/);
  });
});
