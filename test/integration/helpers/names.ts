import { randomBytes } from 'node:crypto';

/**
 * A name no other test (nor an earlier run) uses: tests run in parallel against shared
 * servers, so every namespace, vhost and queue gets one. Valid as a DNS-1123 label.
 */
export function uniqueName(prefix: string): string {
  const suffix = randomBytes(4).toString('hex');
  return `${prefix}-${suffix}`.toLowerCase().slice(0, 63);
}
