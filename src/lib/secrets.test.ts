import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';
import { serviceSecret, serviceVariable, type SecretSource } from './secrets.js';

type SecretLookup = Parameters<SecretSource['getSecret']>[0];

function backend(values: Record<string, string>): SecretSource & { asked: SecretLookup[] } {
  const asked: SecretLookup[] = [];
  return {
    asked,
    async getSecret(lookup) {
      asked.push(lookup);
      const value = values[lookup.name];
      if (value === undefined) throw new Error(`no ${lookup.name}`);
      return value;
    },
  };
}

describe('serviceSecret', () => {
  it('takes the environment first, then the backend under CKI_SECRETS_PATH', async () => {
    const store = backend({ GITLAB_TOKEN: 'from-backend-token' });
    expect(await serviceSecret('GITLAB_TOKEN', { env: { GITLAB_TOKEN: 'from-env-token' }, backend: store })).toBe('from-env-token');
    expect(store.asked).toEqual([]);
    expect(await serviceSecret('GITLAB_TOKEN', { env: { CKI_SECRETS_PATH: 'cki/staging' }, backend: store })).toBe('from-backend-token');
    expect(store.asked).toEqual([{ name: 'GITLAB_TOKEN', secretsPath: 'cki/staging' }]);
  });

  it('names the secret when it cannot be found anywhere', async () => {
    await expect(serviceSecret('MISSING_TOKEN', { env: {}, backend: backend({}) })).rejects.toThrow('secret MISSING_TOKEN is not set');
    await expect(serviceSecret('MISSING_TOKEN', { env: { CKI_SECRETS_PATH: 'cki/x' } })).rejects.toThrow(
      'secret MISSING_TOKEN is not set, and no secrets backend was given to read it from cki/x',
    );
  });

  it('makes loggers redact a secret read later', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('s', { level: 'info', destination, env: {} });
    await serviceSecret('LATE_TOKEN', { env: { CKI_SECRETS_PATH: 'p' }, backend: backend({ LATE_TOKEN: 'late-secret-value' }) });
    logger.info({ seen: 'late-secret-value' }, 'after');
    expect(lines.join('')).not.toContain('late-secret-value');
  });
});

describe('serviceVariable', () => {
  it('reads a variable or its default, and names a missing one', () => {
    expect(serviceVariable('A', undefined, { A: 'x' })).toBe('x');
    expect(serviceVariable('A', 'd', {})).toBe('d');
    expect(() => serviceVariable('A', undefined, {})).toThrow('A is not set');
  });
});
