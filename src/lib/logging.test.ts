import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggingLevel, secretValuesFromEnv } from './logging.js';
import { MASK } from './mask.js';

/** A destination that keeps every line, to assert on the real output. */
function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes one JSON event a line with the service name and a level label', () => {
    const { lines, stream } = capture();
    const logger = createLogger('my-service', { level: 'info', destination: stream, env: {} });
    logger.info({ queue: 'q1' }, 'message handled');
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(event).toMatchObject({ name: 'my-service', level: 'info', msg: 'message handled', queue: 'q1' });
  });

  it('defaults to warn and reads CKI_LOGGING_LEVEL', () => {
    expect(loggingLevel({})).toBe('warn');
    expect(loggingLevel({ CKI_LOGGING_LEVEL: 'DEBUG' })).toBe('debug');
    expect(loggingLevel({ CKI_LOGGING_LEVEL: 'loud' })).toBe('warn');
    const { lines, stream } = capture();
    const logger = createLogger('s', { destination: stream, env: {} });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['shown']);
  });

  it('removes secret values from the environment wherever they appear', () => {
    const env = {
      RABBITMQ_PASSWORD: 'hunter2-broker',
      WEBHOOK_RECEIVER_TOKENS: 'tok-aaaa tok-"bbbb',
      GITLAB_URL: 'https://gitlab.example',
    };
    const { lines, stream } = capture();
    const logger = createLogger('s', { level: 'info', destination: stream, env });
    logger.info({ nested: { deeper: ['x hunter2-broker y'] } }, 'connecting');
    logger.error({ err: new Error('login failed for hunter2-broker') }, 'broker refused');
    logger.info({ header: 'tok-"bbbb' }, 'token seen');
    logger.info({ url: 'https://gitlab.example' }, 'not a secret');
    const all = lines.join('\n');
    expect(all).not.toContain('hunter2-broker');
    expect(all).not.toContain('tok-\\"bbbb');
    expect(all).toContain(MASK);
    expect(all).toContain('https://gitlab.example');
    // Still JSON after redaction.
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('redacts explicitly given secrets and censors token fields by path', () => {
    const { lines, stream } = capture();
    const logger = createLogger('s', { level: 'info', destination: stream, env: {}, secrets: ['s3cr3t-value'] });
    logger.info({ headers: { 'x-gitlab-token': 'short' }, note: 'has s3cr3t-value inside' }, 'request');
    expect(lines[0]).not.toContain('s3cr3t-value');
    expect(lines[0]).not.toContain('short');
  });
});

describe('secret helpers', () => {
  it('collects each word of secret-named variables only', () => {
    const values = secretValuesFromEnv({ A_TOKENS: 'one two', SENTRY_DSN: 'https://k@s/1', RABBITMQ_USER: 'u' });
    expect(values).toEqual(expect.arrayContaining(['one', 'two', 'https://k@s/1']));
    expect(values).not.toContain('u');
  });
});
