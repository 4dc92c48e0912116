/** What the render tells a container of its secrets' expiry dates (read by src/lib/secret-expiry.ts). */
import type { SecretsCatalogue } from '../schema/inventory-schema.js';

/** The `CKI_SECRETS_EXPIRY` value the render gives a container: `NAME=YYYY-MM-DD` pairs, space-separated. */
export function secretsExpiryVariable(names: readonly string[], catalogue: SecretsCatalogue): string | undefined {
  const pairs = names.flatMap((name) => {
    const expires = catalogue.secrets[name]?.expires;
    return expires === undefined ? [] : [`${name}=${expires}`];
  });
  return pairs.length > 0 ? pairs.join(' ') : undefined;
}
