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
  /** YYYY-MM-DD, as the catalogue (or the backend's metadata) has it. */
  expires?: string;
  /** Where `expires` comes from: `catalogue`, or the backend's metadata path (e.g. `secret/metadata/cki/production/API_TOKEN`). */
  expiresFrom?: string;
  /** Whole days from `now` to the end of the expiry date (UTC); negative once expired. */
  daysLeft?: number;
  status: ExpiryStatus;
}

/** An expiry date the secrets backend keeps for a secret in one secrets path (Vault KV v2 custom metadata). */
export interface BackendExpiry {
  name: string;
  expires: string;
  where: string;
}

/** The soonest of the backend's dates for `name`: with several secrets paths, the first to expire counts. */
function soonest(name: string, backend: readonly BackendExpiry[]): BackendExpiry | undefined {
  return backend.filter((b) => b.name === name).sort((a, b) => a.expires.localeCompare(b.expires) || a.where.localeCompare(b.where))[0];
}

/**
 * Every secret of the catalogue, the soonest expiry first, secrets without a date last.
 * The catalogue's `expires` wins; without it, the backend's date (`backend`) counts.
 */
export function secretExpiries(catalogue: SecretsCatalogue, now: Date, windowDays: number, backend: readonly BackendExpiry[] = []): SecretExpiry[] {
  const rows = Object.entries(catalogue.secrets).map(([name, entry]): SecretExpiry => {
    const row: SecretExpiry = { name, status: 'no expiry' };
    if (entry.owner !== undefined) row.owner = entry.owner;
    const fromBackend = entry.expires === undefined ? soonest(name, backend) : undefined;
    const expires = entry.expires ?? fromBackend?.expires;
    if (expires === undefined) return row;
    const msLeft = endOfDaySeconds(expires) * 1000 - now.getTime();
    const daysLeft = Math.floor(msLeft / DAY_MS);
    const status: ExpiryStatus = msLeft <= 0 ? 'expired' : msLeft <= windowDays * DAY_MS ? 'expiring' : 'ok';
    return { ...row, expires, expiresFrom: fromBackend?.where ?? 'catalogue', daysLeft, status };
  });
  const key = (r: SecretExpiry) => r.daysLeft ?? Number.POSITIVE_INFINITY;
  return rows.sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name));
}
