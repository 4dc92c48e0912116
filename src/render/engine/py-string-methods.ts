/**
 * Python's str methods for templates: `s.split(',')`, `s.startswith('x')`,
 * `s.strip()`, `'{}'.format(x)`... with Python's argument rules.
 */
import { strFormat } from './py-format.js';
import { splitKwargs, iterableToArray } from './py-protocol.js';
import { str, tuple } from './py-values.js';

/** A method taking the receiver first. */
export type Method = (self: never, ...args: unknown[]) => unknown;

const WS = ' \t\n\r\x0b\x0c';

// Python's line boundaries, including the file/group/record separators.
// eslint-disable-next-line no-control-regex -- Python splitlines() also breaks on \x1c-\x1e
const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Python's str.splitlines(): no empty last line for a trailing break. */
export function splitlines(s: string): string[] {
  const lines = s.split(LINE_BREAKS);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? WS : str(chars);
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start] ?? '')) start++;
  if (right) while (end > start && set.includes(s[end - 1] ?? '')) end--;
  return s.slice(start, end);
}

function split(s: string, sep: unknown, maxsplit: unknown): string[] {
  const max = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest !== '') {
      if (max >= 0 && out.length === max) {
        out.push(rest);
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  const parts = s.split(str(sep));
  if (max < 0 || parts.length <= max + 1) return parts;
  return [...parts.slice(0, max), parts.slice(max).join(str(sep))];
}

function rsplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const max = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (max < 0) return split(s, sep, maxsplit);
  if (sep === undefined || sep === null) {
    const reversed = split([...s].reverse().join(''), sep, max);
    return reversed.map((p) => [...p].reverse().join('')).reverse();
  }
  const parts = s.split(str(sep));
  if (parts.length <= max + 1) return parts;
  const cut = parts.length - max;
  return [parts.slice(0, cut).join(str(sep)), ...parts.slice(cut)];
}

function prefixes(arg: unknown): string[] {
  return Array.isArray(arg) ? arg.map(str) : [str(arg)];
}

function title(s: string): string {
  return s.replace(/[A-Za-z\u00C0-\uFFFF]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

export const STRING_METHODS: Record<string, Method> = {
  split: (s: string, sep?: unknown, max?: unknown) => split(s, sep, max),
  rsplit: (s: string, sep?: unknown, max?: unknown) => rsplit(s, sep, max),
  splitlines: (s: string) => splitlines(s),
  startswith: (s: string, p: unknown) => prefixes(p).some((x) => s.startsWith(x)),
  endswith: (s: string, p: unknown) => prefixes(p).some((x) => s.endsWith(x)),
  strip: (s: string, chars?: unknown) => stripChars(s, chars, true, true),
  lstrip: (s: string, chars?: unknown) => stripChars(s, chars, true, false),
  rstrip: (s: string, chars?: unknown) => stripChars(s, chars, false, true),
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  casefold: (s: string) => s.toLowerCase(),
  swapcase: (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  title: (s: string) => title(s),
  capitalize: (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  replace: (s: string, old: unknown, rep: unknown, count?: unknown) => replace(s, str(old), str(rep), count),
  join: (s: string, items: unknown) => iterableToArray(items).map(str).join(s),
  count: (s: string, sub: unknown) => (str(sub) === '' ? s.length + 1 : s.split(str(sub)).length - 1),
  find: (s: string, sub: unknown) => s.indexOf(str(sub)),
  rfind: (s: string, sub: unknown) => s.lastIndexOf(str(sub)),
  index: (s: string, sub: unknown) => found(s.indexOf(str(sub))),
  rindex: (s: string, sub: unknown) => found(s.lastIndexOf(str(sub))),
  format: (s: string, ...args: unknown[]) => strFormat(s, ...splitKwargs(args)),
  zfill: (s: string, width: unknown) => (/^[-+]/.test(s) ? s[0] + s.slice(1).padStart(Number(width) - 1, '0') : s.padStart(Number(width), '0')),
  ljust: (s: string, width: unknown, fill?: unknown) => s.padEnd(Number(width), fill === undefined ? ' ' : str(fill)),
  rjust: (s: string, width: unknown, fill?: unknown) => s.padStart(Number(width), fill === undefined ? ' ' : str(fill)),
  center: (s: string, width: unknown, fill?: unknown) => center(s, Number(width), fill === undefined ? ' ' : str(fill)),
  partition: (s: string, sep: unknown) => partition(s, str(sep), s.indexOf(str(sep))),
  rpartition: (s: string, sep: unknown) => partition(s, str(sep), s.lastIndexOf(str(sep)), true),
  removeprefix: (s: string, p: unknown) => (s.startsWith(str(p)) ? s.slice(str(p).length) : s),
  removesuffix: (s: string, p: unknown) => (str(p) !== '' && s.endsWith(str(p)) ? s.slice(0, -str(p).length) : s),
  isdigit: (s: string) => /^\d+$/.test(s),
  isnumeric: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^\p{L}+$/u.test(s),
  isalnum: (s: string) => /^[\p{L}\d]+$/u.test(s),
  isspace: (s: string) => /^\s+$/.test(s),
  islower: (s: string) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isupper: (s: string) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
};

function found(i: number): number {
  if (i < 0) throw new Error('ValueError: substring not found');
  return i;
}

function center(s: string, width: number, fill: string): string {
  const gap = width - s.length;
  if (gap <= 0) return s;
  // CPython puts the extra character on the left when the string length is odd.
  const left = Math.floor(gap / 2) + (gap & width & 1);
  return fill.repeat(left) + s + fill.repeat(gap - left);
}

function partition(s: string, sep: string, i: number, fromRight = false): unknown[] {
  if (i < 0) return tuple(fromRight ? ['', '', s] : [s, '', '']);
  return tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
}

/** Python's str.replace (all occurrences unless `count`). */
export function replace(s: string, old: string, rep: string, count?: unknown): string {
  const max = count === undefined || count === null ? -1 : Number(count);
  if (max < 0) return old === '' ? [...s].map((c) => rep + c).join('') + rep : s.split(old).join(rep);
  const parts = s.split(old);
  if (parts.length <= max + 1) return parts.join(rep);
  return parts.slice(0, max + 1).join(rep) + old + parts.slice(max + 1).join(old);
}
