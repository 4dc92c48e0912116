/**
 * Expiry of the catalogue's secrets: days left for each, and which ones are expired or
 * expire within a window. Pure: `now` is a parameter (the CLI passes the clock).
 */
import { endOfDaySeconds } from '../lib/secret-expiry.js';
import type { SecretsCatalogue } from '../render/schema/inventory-schema.js';

const DAY_MS = 86_400_000;

export type ExpiryStatus = 'expired' | 'expiring' | 'ok' | 'no expiry';

export interface SecretExpiry {
  name: string;
  owner?: string;
  /** YYYY-MM-DD, as the catalogue has it. */
  expires?: string;
  /** Whole days from `now` to the end of the expiry date (UTC); negative once expired. */
  daysLeft?: number;
  status: ExpiryStatus;
}

/** Every secret of the catalogue, the soonest expiry first, secrets without a date last. */
export function secretExpiries(catalogue: SecretsCatalogue, now: Date, windowDays: number): SecretExpiry[] {
  const rows = Object.entries(catalogue.secrets).map(([name, entry]): SecretExpiry => {
    const row: SecretExpiry = { name, status: 'no expiry' };
    if (entry.owner !== undefined) row.owner = entry.owner;
    if (entry.expires === undefined) return row;
    const msLeft = endOfDaySeconds(entry.expires) * 1000 - now.getTime();
    const daysLeft = Math.floor(msLeft / DAY_MS);
    const status: ExpiryStatus = msLeft <= 0 ? 'expired' : msLeft <= windowDays * DAY_MS ? 'expiring' : 'ok';
    return { ...row, expires: entry.expires, daysLeft, status };
  });
  const key = (r: SecretExpiry) => r.daysLeft ?? Number.POSITIVE_INFINITY;
  return rows.sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name));
}

/** The `CKI_SECRETS_EXPIRY` value the render gives a container: `NAME=YYYY-MM-DD` pairs, space-separated. */
export function secretsExpiryVariable(names: readonly string[], catalogue: SecretsCatalogue): string | undefined {
  const pairs = names.flatMap((name) => {
    const expires = catalogue.secrets[name]?.expires;
    return expires === undefined ? [] : [`${name}=${expires}`];
  });
  return pairs.length > 0 ? pairs.join(' ') : undefined;
}
