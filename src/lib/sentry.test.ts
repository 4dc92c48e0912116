import * as Sentry from '@sentry/node';
import { describe, expect, it } from 'vitest';
import { initSentry } from './sentry.js';

describe('initSentry', () => {
  it('does nothing without SENTRY_DSN', () => {
    expect(initSentry('svc', {})).toBe(false);
    expect(initSentry('svc', { SENTRY_DSN: '  ' })).toBe(false);
    expect(Sentry.getClient()).toBeUndefined();
  });

  it('initialises the client with the DSN and the deployment environment', () => {
    expect(initSentry('svc', { SENTRY_DSN: 'https://public@sentry.invalid/1', CKI_DEPLOYMENT_ENVIRONMENT: 'staging' })).toBe(true);
    const client = Sentry.getClient();
    expect(client?.getOptions().environment).toBe('staging');
    expect(client?.getOptions().dsn).toBe('https://public@sentry.invalid/1');
  });
});
