/**
 * Python's textwrap.wrap() as Jinja2's `wordwrap` calls it (no tab expansion, whitespace kept
 * except where a line breaks): words split at whitespace and, with break_on_hyphens, after
 * the hyphens of hyphenated words; words longer than the width cut when break_long_words.
 */

export interface WrapOptions {
  width: number;
  breakLongWords: boolean;
  breakOnHyphens: boolean;
}

// textwrap's character classes, with Python's Unicode \w.
const WS = '[\\t\\n\\v\\f\\r ]';
const NWS = '[^\\t\\n\\v\\f\\r ]';
const WORD = '[\\p{L}\\p{N}_]';
const WORD_PUNCT = `[\\p{L}\\p{N}_!"'&.,?]`;
const LETTER = '[\\p{L}_]';
/** textwrap.TextWrapper.wordsep_re: whitespace, em-dashes, and words split after their hyphens. */
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=${WORD})|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'u');

const len = (s: string): number => [...s].length;
const isBlank = (s: string): boolean => s.trim() === '';

function handleLongWord(chunks: string[], line: string[], lineLength: number, width: number, options: WrapOptions): void {
  const spaceLeft = width < 1 ? 1 : width - lineLength;
  if (options.breakLongWords) {
    const chunk = [...(chunks[chunks.length - 1] as string)];
    let end = spaceLeft;
    if (options.breakOnHyphens && chunk.length > spaceLeft) {
      // Break after the last hyphen that has something other than hyphens before it.
      const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    line.push(chunk.slice(0, end).join(''));
    chunks[chunks.length - 1] = chunk.slice(end).join('');
  } else if (line.length === 0) {
    line.push(chunks.pop() as string);
  }
}

/** textwrap.wrap(text, width, expand_tabs=False, replace_whitespace=False, ...). */
export function wrap(text: string, options: WrapOptions): string[] {
  if (options.width <= 0) throw new Error(`ValueError: invalid width ${options.width} (must be > 0)`);
  const chunks = text.split(options.breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).filter((c) => c !== '');
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let lineLength = 0;
    const width = options.width;
    if (lines.length > 0 && isBlank(chunks[chunks.length - 1] as string)) chunks.pop();
    while (chunks.length > 0) {
      const l = len(chunks[chunks.length - 1] as string);
      if (lineLength + l > width) break;
      line.push(chunks.pop() as string);
      lineLength += l;
    }
    if (chunks.length > 0 && len(chunks[chunks.length - 1] as string) > width) {
      handleLongWord(chunks, line, lineLength, width, options);
      lineLength = line.reduce((n, c) => n + len(c), 0);
    }
    if (line.length > 0 && isBlank(line[line.length - 1] as string)) {
      lineLength -= len(line.pop() as string);
    }
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}
