/**
 * Jinja2's formatting filters that print values for people: filesizeformat, pprint (Python's
 * pprint.pformat) and wordwrap (Python's textwrap).
 */
import { bind, flag } from './filter-args.js';
import { toFixed } from './py-format.js';
import { isNumeric } from './py-number.js';
import { pformat } from './py-pprint.js';
import { typeName } from './py-protocol.js';
import { splitlines } from './py-string-methods.js';
import { wrap } from './py-textwrap.js';
import { str } from './py-values.js';
import { Undefined } from './undefined.js';

type Filter = (this: unknown, value: unknown, ...args: unknown[]) => unknown;

/** Python's float(value) for a number or numeric string, else its ValueError/TypeError. */
function floatOf(value: unknown): number {
  if (value instanceof Undefined) value.fail();
  if (isNumeric(value)) return Number(value);
  if (typeof value === 'string') {
    const t = value.trim().replace(/(?<=\d)_(?=\d)/g, '');
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
    if (/^[-+]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    throw new Error(`ValueError: could not convert string to float: ${JSON.stringify(value)}`);
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${typeName(value)}'`);
}

const DECIMAL_PREFIXES = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_PREFIXES = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** `1.0 kB`, `976.6 KiB`, `100 Bytes`: powers of 1000, or of 1024 with `binary`. */
function filesizeformat(value: unknown, ...args: unknown[]): string {
  const [binary] = bind(args, ['binary']);
  const bytes = floatOf(value);
  const base = flag(binary) ? 1024 : 1000;
  const prefixes = flag(binary) ? BINARY_PREFIXES : DECIMAL_PREFIXES;
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  for (const [i, prefix] of prefixes.entries()) {
    if (lessThanPower(bytes, base, i + 2) || i === prefixes.length - 1) return `${toFixed((base * bytes) / base ** (i + 2), 1)} ${prefix}`;
  }
  return '';
}

/** `x < base ** exp` as Python compares a float with an exact int (1e24 as a double is below 10**24). */
function lessThanPower(x: number, base: number, exp: number): boolean {
  if (!Number.isInteger(x)) return x < base ** exp;
  return BigInt(x) < BigInt(base) ** BigInt(exp);
}

/** Each line wrapped to `width` columns, lines joined with `wrapstring` (a newline by default). */
function wordwrap(value: unknown, ...args: unknown[]): string {
  const [width = 79, breakLongWords = true, wrapstring, breakOnHyphens = true] = bind(args, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens']);
  const separator = wrapstring === undefined || wrapstring === null ? '\n' : str(wrapstring);
  const options = { width: Number(width), breakLongWords: flag(breakLongWords), breakOnHyphens: flag(breakOnHyphens) };
  return splitlines(str(value))
    .map((line) => wrap(line, options).join(separator))
    .join(separator);
}

export const formatFilters: Record<string, Filter> = {
  filesizeformat,
  pprint: (v) => (v instanceof Undefined ? v.fail() : pformat(v)),
  wordwrap,
};
