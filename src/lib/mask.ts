/**
 * The one way secret values are hidden in anything printed: the CLI's output, every log
 * line, and Secret data in diffs all show the same marker.
 */
export const MASK = '***';

/**
 * Shorter values are not masked: replacing a two-letter string everywhere would garble
 * every line (and could cut through a JSON escape). Real secrets are far longer.
 */
export const MIN_MASKED_LENGTH = 3;

/**
 * The strings to replace for these secret values: each value trimmed, and also as JSON
 * escapes it (logs and diffs are often JSON), longest first so that a secret containing
 * another one is removed whole. Compute once, apply to many lines with maskWith().
 */
export function maskList(values: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed.length < MIN_MASKED_LENGTH) continue;
    all.add(trimmed);
    all.add(JSON.stringify(trimmed).slice(1, -1));
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** Replaces every string of a maskList() in `text` by the marker. */
export function maskWith(text: string, list: readonly string[]): string {
  let masked = text;
  for (const secret of list) {
    if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
  }
  return masked;
}

/** Replaces every occurrence of the given secret values in `text` by the marker. */
export function maskSecrets(text: string, values: Iterable<string>): string {
  return maskWith(text, maskList(values));
}
