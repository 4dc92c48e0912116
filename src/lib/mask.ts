/** Replaces every occurrence of the given secret values in text, longest first. */
export const MASK = '***';

export function maskSecrets(text: string, values: readonly string[]): string {
  let masked = text;
  for (const value of [...values].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length)) {
    masked = masked.split(value).join(MASK);
  }
  return masked;
}
