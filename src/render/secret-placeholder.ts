/**
 * Rendered Secrets hold a placeholder naming the secret instead of its value; the
 * deploy swaps in the value from the secrets backend at apply time, in memory only.
 */
const PLACEHOLDER = /^<secret:([A-Z][A-Z0-9_]*)>$/;

export function secretPlaceholder(name: string): string {
  return `<secret:${name}>`;
}

/** The secret name a placeholder stands for, or undefined for any other string. */
export function placeholderSecretName(value: string): string | undefined {
  return PLACEHOLDER.exec(value)?.[1];
}
