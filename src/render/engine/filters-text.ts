/**
 * Jinja2 3.1 string and number filters (with Python's str() of the input):
 * lower, upper, capitalize, title, trim, replace, indent, truncate, center,
 * wordcount, format, string, int, float, abs, round, escape, safe.
 */
import { bind, flag } from './filter-args.js';
import { printf } from './py-format.js';
import { replace as pyReplace, STRING_METHODS } from './py-string-methods.js';
import { isFloat, isNumeric, PyFloat, pyFloat, pyInt } from './py-number.js';
import { typeName } from './py-protocol.js';
import { isMapping, str, tuple } from './py-values.js';
import { Undefined } from './undefined.js';

type Filter = (this: unknown, value: unknown, ...args: unknown[]) => unknown;

// Python str.splitlines() boundaries, including the file/group/record separators.
// eslint-disable-next-line no-control-regex -- Python splitlines() also breaks on \x1c-\x1e
const SPLITLINES = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- as above
const RARE_LINE_BREAKS = /[\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
const NEWLINE_BEFORE_TEXT = /\n(?=[^\n])/g;
const WORD_BEGINNING_SPLIT = /([-\s({[<]+)/;

function indent(value: unknown, ...args: unknown[]): string {
  const [width = 4, first, blank] = bind(args, ['width', 'first', 'blank']);
  const indention = typeof width === 'string' ? width : ' '.repeat(Number(width));
  const text = str(value);
  let rv: string;
  if (!RARE_LINE_BREAKS.test(text)) {
    // Only "\n" line breaks: Jinja2's splitlines()/join amounts to indenting after each
    // newline (after each non-final, non-blank one unless `blank`), done here in one pass.
    // A replacement string (faster than a callback) with `$` escaped.
    const nl = '\n' + (indention.includes('$') ? indention.replace(/\$/g, '$$$$') : indention);
    rv = flag(blank) ? text.replace(/\n/g, nl) : text.replace(NEWLINE_BEFORE_TEXT, nl);
  } else {
    // Jinja2 appends a newline before splitlines(), so a trailing newline yields no extra line.
    const lines = (text + '\n').split(SPLITLINES);
    lines.pop();
    if (flag(blank)) rv = lines.join('\n' + indention);
    else
      rv =
        (lines[0] ?? '') +
        (lines.length > 1
          ? '\n' +
            lines
              .slice(1)
              .map((l) => (l ? indention + l : l))
              .join('\n')
          : '');
  }
  return flag(first) ? indention + rv : rv;
}

/** Jinja2's int filter: Python's int() of a number or numeric string (exact at any size), else the default. */
function toInt(value: unknown, ...args: unknown[]): unknown {
  const [fallback = 0, base = 10] = bind(args, ['default', 'base']);
  if (value instanceof Undefined) value.fail();
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'bigint') return value;
  if (isNumeric(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? pyInt(Math.trunc(n)) : fallback;
  }
  if (typeof value === 'string') {
    const s = value.trim().replace(/_/g, '');
    const b = Number(base);
    const digits = b === 16 ? s.replace(/^([-+]?)0x/i, '$1') : b === 8 ? s.replace(/^([-+]?)0o/i, '$1') : b === 2 ? s.replace(/^([-+]?)0b/i, '$1') : s;
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
    if (new RegExp(`^[-+]?[${alphabet}]+$`, 'i').test(digits)) {
      const n = parseInt(digits, b);
      if (Number.isSafeInteger(n) || b !== 10) return n;
      return pyInt(BigInt(digits.replace(/^\+/, '')));
    }
    const f = toFloatOrNull(s);
    return f !== null && Number.isFinite(f) ? pyInt(Math.trunc(f)) : fallback;
  }
  return fallback;
}

function toFloatOrNull(s: string): number | null {
  const t = s.trim().toLowerCase();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(t)) return NaN;
  return null;
}

/** Jinja2's float filter: Python's float() of a number or numeric string, else the default (0.0). */
function toFloat(value: unknown, ...args: unknown[]): unknown {
  const [fallback = new PyFloat(0)] = bind(args, ['default']);
  if (value instanceof Undefined) value.fail();
  if (isNumeric(value)) return pyFloat(Number(value));
  if (typeof value === 'string') {
    const f = toFloatOrNull(value);
    return f === null ? fallback : pyFloat(f);
  }
  return fallback;
}

/** A numeric operand (bool counts as int), or Python's TypeError. */
function number(value: unknown, what: string): number {
  if (isNumeric(value)) return Number(value);
  if (value instanceof Undefined) value.fail();
  throw new TypeError(`bad operand type for ${what}: '${typeName(value)}'`);
}

/** Python's abs(): an int stays an int (exact), a float a float. */
function abs(value: unknown): unknown {
  if (typeof value === 'bigint') return value < 0n ? -value : value;
  const n = Math.abs(number(value, 'abs()'));
  return isFloat(value) ? pyFloat(n) : n;
}

/**
 * Jinja2's round: Python's round(value, precision) (half to even; an int stays an int) for
 * 'common', math.ceil/floor of the scaled value divided back (always a float) otherwise.
 */
function round(value: unknown, ...args: unknown[]): unknown {
  const [precision = 0, method = 'common'] = bind(args, ['precision', 'method']);
  const n = number(value, '__round__');
  const factor = 10 ** Number(precision);
  if (method === 'ceil') return pyFloat(Math.ceil(n * factor) / factor);
  if (method === 'floor') return pyFloat(Math.floor(n * factor) / factor);
  if (!isFloat(value)) return typeof value === 'bigint' || Number(precision) >= 0 ? (typeof value === 'boolean' ? n : value) : roundHalfEven(n, factor);
  return pyFloat(roundHalfEven(n, factor));
}

function roundHalfEven(n: number, factor: number): number {
  const x = n * factor;
  const r = Math.round(x);
  const even = Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return even / factor;
}

function truncate(value: unknown, ...args: unknown[]): string {
  const [length = 255, killwords, end = '...', leeway = 5] = bind(args, ['length', 'killwords', 'end', 'leeway']);
  const s = str(value);
  const len = Number(length);
  const e = str(end);
  if (s.length <= len + Number(leeway)) return s;
  if (flag(killwords)) return s.slice(0, len - e.length) + e;
  const head = s.slice(0, len - e.length);
  const cut = head.lastIndexOf(' ');
  return (cut >= 0 ? head.slice(0, cut) : head) + e;
}

/** Python's urllib quote: only letters, digits and `_.-~` (and `/` outside query strings) stay. */
function urlQuote(value: unknown, forQuery: boolean): string {
  const quoted = encodeURIComponent(str(value)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return forQuery ? quoted.replace(/%20/g, '+') : quoted.replace(/%2F/g, '/');
}

/** Jinja2's urlencode: a string is quoted, a dict or list of pairs becomes a query string. */
function urlencode(value: unknown): string {
  if (typeof value === 'string' || value === null || typeof value !== 'object') return urlQuote(value, false);
  const pairs = isMapping(value) ? Object.entries(value) : (value as unknown[]).map((pair) => pair as [unknown, unknown]);
  return pairs.map(([k, v]) => `${urlQuote(k, true)}=${urlQuote(v, true)}`).join('&');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** MarkupSafe's escape() of str(value): what Jinja2's `escape` filter and its HTML filters write. */
export function escapeHtml(value: unknown): string {
  return str(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export const textFilters: Record<string, Filter> = {
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  capitalize: (v) => {
    const s = str(v);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  },
  title: (v) =>
    str(v)
      .split(WORD_BEGINNING_SPLIT)
      .filter((item) => item !== '')
      .map((item) => item.charAt(0).toUpperCase() + item.slice(1).toLowerCase())
      .join(''),
  trim: (v, ...args) => STRING_METHODS.strip!(str(v) as never, ...bind(args, ['chars'])),
  replace: (v, ...args) => {
    const [old, rep, count] = bind(args, ['old', 'new', 'count']);
    return pyReplace(str(v), str(old), str(rep), count);
  },
  indent,
  truncate,
  center: (v, ...args) => STRING_METHODS.center!(str(v) as never, bind(args, ['width'])[0] ?? 80),
  wordcount: (v) => (str(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  format: (v, ...args) => {
    const last = args[args.length - 1] as Record<string, unknown> | undefined;
    if (last && typeof last === 'object' && '__keywords' in last) {
      const { __keywords: _, ...kwargs } = last;
      return printf(str(v), kwargs);
    }
    return printf(str(v), tuple(args));
  },
  string: (v) => str(v),
  int: toInt,
  float: toFloat,
  abs,
  round,
  escape: escapeHtml,
  e: escapeHtml,
  urlencode,
  // Autoescape is off: marking safe changes nothing.
  safe: (v) => v,
};
