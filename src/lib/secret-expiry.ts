/**
 * The expiry dates of the secrets a service uses, as a metric: the render sets
 * `CKI_SECRETS_EXPIRY` (`NAME=YYYY-MM-DD ...`, from inventory/secrets.yml) on the
 * containers of projects with metrics, and every service's registry exports
 * `cki_secret_expiry_timestamp_seconds{secret}`, the end of that day (UTC). The
 * SecretExpiring alert fires 14 days ahead (src/monitoring/alert-expressions.ts).
 */
import { Gauge, type Registry } from 'prom-client';
import { ConfigError } from './errors.js';
import type { Env } from './env.js';

const PAIR = /^([A-Z][A-Z0-9_]*)=(\d{4}-\d{2}-\d{2})$/;

/** Seconds since the epoch of the end of `date` (YYYY-MM-DD, UTC): a secret is valid through its expiry date. */
export function endOfDaySeconds(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000 + 86_400;
}

/** Is `text` a real calendar date written YYYY-MM-DD (not 2027-02-30)? */
export function isExpiryDate(text: string): boolean {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(text);
}

/** `CKI_SECRETS_EXPIRY` parsed: secret name -> seconds since the epoch when it expires. */
export function parseSecretsExpiry(text: string): Map<string, number> {
  const expiries = new Map<string, number>();
  for (const pair of text.split(/\s+/).filter((p) => p !== '')) {
    const match = PAIR.exec(pair);
    const end = match ? endOfDaySeconds(match[2] as string) : NaN;
    if (!match || !Number.isFinite(end)) {
      throw new ConfigError(`CKI_SECRETS_EXPIRY: ${JSON.stringify(pair)} is not NAME=YYYY-MM-DD (deployment-all sets it from inventory/secrets.yml)`);
    }
    expiries.set(match[1] as string, end);
  }
  return expiries;
}

/** Registers the gauge on `registry` when `CKI_SECRETS_EXPIRY` is set. */
export function registerSecretExpiry(registry: Registry, env: Env = process.env): void {
  const text = env.CKI_SECRETS_EXPIRY;
  if (text === undefined || text.trim() === '') return;
  const gauge = new Gauge({
    name: 'cki_secret_expiry_timestamp_seconds',
    help: 'When a secret this service uses expires (end of its expires date in inventory/secrets.yml, UTC)',
    labelNames: ['secret'],
    registers: [registry],
  });
  for (const [secret, end] of parseSecretsExpiry(text)) gauge.set({ secret }, end);
}
