import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { createRegistry } from './metrics.js';
import { isExpiryDate, parseSecretsExpiry, registerSecretExpiry } from './secret-expiry.js';

describe('secret expiry metric', () => {
  it('exports the end of each expiry date (UTC) from CKI_SECRETS_EXPIRY', async () => {
    const registry = createRegistry({ CKI_SECRETS_EXPIRY: 'GITLAB_TOKEN=2027-06-30 OTHER=2026-01-01' });
    const text = await registry.metrics();
    expect(text).toContain(`cki_secret_expiry_timestamp_seconds{secret="GITLAB_TOKEN"} ${Date.UTC(2027, 6, 1) / 1000}`);
    expect(text).toContain(`cki_secret_expiry_timestamp_seconds{secret="OTHER"} ${Date.UTC(2026, 0, 2) / 1000}`);
  });

  it('exports nothing without the variable', async () => {
    const registry = new Registry();
    registerSecretExpiry(registry, {});
    expect(await registry.metrics()).not.toContain('cki_secret_expiry_timestamp_seconds');
  });

  it('a malformed value is a ConfigError naming the variable', () => {
    expect(() => parseSecretsExpiry('GITLAB_TOKEN=30.6.2027')).toThrow(ConfigError);
    expect(() => parseSecretsExpiry('GITLAB_TOKEN=30.6.2027')).toThrow(/CKI_SECRETS_EXPIRY: "GITLAB_TOKEN=30.6.2027" is not NAME=YYYY-MM-DD/);
  });

  it('isExpiryDate accepts real YYYY-MM-DD dates only', () => {
    expect(isExpiryDate('2027-06-30')).toBe(true);
    expect(isExpiryDate('2028-02-29')).toBe(true);
    for (const bad of ['2027-02-30', '2027-13-01', '30.6.2027', '2027-6-30', '']) expect(isExpiryDate(bad), bad).toBe(false);
  });
});
