/**
 * Python's arithmetic and ordering operators on template values: numbers
 * (bool counts as int), str/list concatenation and repetition, `%` formatting,
 * floor modulo, and a TypeError, as in Python, for anything else.
 */
import { printf } from './py-format.js';
import { typeName } from './py-protocol.js';
import { Tuple, eq, isMapping, str, tuple } from './py-values.js';
import { Undefined } from './undefined.js';

function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function strict(a: unknown, b: unknown): void {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
}

function unsupported(op: string, a: unknown, b: unknown): never {
  strict(a, b);
  throw new TypeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Both operands as numbers, or Python's TypeError for `op`. */
function numbers(op: string, a: unknown, b: unknown): [number, number] {
  if (isNumeric(a) && isNumeric(b)) return [Number(a), Number(b)];
  return unsupported(op, a, b);
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && a instanceof Tuple === b instanceof Tuple) {
    return a instanceof Tuple ? tuple([...a, ...b]) : [...a, ...b];
  }
  const [x, y] = numbers('+', a, b);
  return x + y;
}

export function sub(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = numbers('-', a, b);
  return x - y;
}

function repeat(seq: string | unknown[], times: unknown): unknown {
  if (!(typeof times === 'boolean' || (typeof times === 'number' && Number.isInteger(times)))) {
    strict(times, undefined);
    throw new TypeError(`can't multiply sequence by non-int of type '${typeName(times)}'`);
  }
  const n = Number(times);
  if (typeof seq === 'string') return n > 0 ? seq.repeat(n) : '';
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...seq);
  return seq instanceof Tuple ? tuple(out) : out;
}

export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof a === 'string' || Array.isArray(a)) return repeat(a, b);
  if (typeof b === 'string' || Array.isArray(b)) return repeat(b, a);
  const [x, y] = numbers('*', a, b);
  return x * y;
}

function nonZero(n: number): number {
  if (n === 0) throw new Error('ZeroDivisionError: division by zero');
  return n;
}

/** `%`: printf-style formatting on a string, Python's modulo (sign of the divisor) on numbers. */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return printf(a, b);
  const [x, y] = numbers('%', a, b);
  const r = x % nonZero(y);
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

export function div(a: unknown, b: unknown): number {
  const [x, y] = numbers('/', a, b);
  return x / nonZero(y);
}

export function floordiv(a: unknown, b: unknown): number {
  const [x, y] = numbers('//', a, b);
  return Math.floor(x / nonZero(y));
}

export function pow(a: unknown, b: unknown): number {
  const [x, y] = numbers('** or pow()', a, b);
  return x ** y;
}

export function neg(a: unknown): number {
  if (isNumeric(a)) return -Number(a);
  strict(a, undefined);
  throw new TypeError(`bad operand type for unary -: '${typeName(a)}'`);
}

/** Python's ordering: numbers with numbers, str with str, list with list (element-wise). */
export function order(op: string, a: unknown, b: unknown): number {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && a instanceof Tuple === b instanceof Tuple) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return order(op, a[i], b[i]);
    }
    return a.length - b.length;
  }
  strict(a, b);
  throw new TypeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function lt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : order('<', a, b) < 0;
}
export function le(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a <= b : order('<=', a, b) <= 0;
}
export function gt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a > b : order('>', a, b) > 0;
}
export function ge(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a >= b : order('>=', a, b) >= 0;
}

/** Python's `in`: substring, list membership by ==, dict key. */
export function contains(needle: unknown, haystack: unknown): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') {
      strict(needle, undefined);
      throw new TypeError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    }
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((item) => eq(item, needle));
  if (haystack instanceof Undefined) return haystack.fail();
  if (isMapping(haystack)) {
    if ((Array.isArray(needle) && !(needle instanceof Tuple)) || isMapping(needle)) throw new TypeError(`unhashable type: '${typeName(needle)}'`);
    return Object.prototype.hasOwnProperty.call(haystack, str(needle));
  }
  strict(needle, undefined);
  throw new TypeError(`argument of type '${typeName(haystack)}' is not iterable`);
}
