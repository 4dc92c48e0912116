/**
 * Python's arithmetic and ordering operators on template values: numbers
 * (bool counts as int), str/list concatenation and repetition, `%` formatting,
 * floor modulo, and a TypeError, as in Python, for anything else.
 */
import { printf } from './py-format.js';
import { arithmetic, compareNumbers, isFloat, isNumeric, pyFloat, pyInt, type PyNumeric } from './py-number.js';
import { typeName } from './py-protocol.js';
import { Tuple, eq, isMapping, str, tuple } from './py-values.js';
import { Undefined } from './undefined.js';

function strict(a: unknown, b: unknown): void {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
}

function unsupported(op: string, a: unknown, b: unknown): never {
  strict(a, b);
  throw new TypeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Both operands as Python numbers, or Python's TypeError for `op`. */
function numbers(op: string, a: unknown, b: unknown): [PyNumeric, PyNumeric] {
  if (isNumeric(a) && isNumeric(b)) return [a, b];
  return unsupported(op, a, b);
}

/** Two plain numbers whose result needs no float box or bigint: ints with a safe result, or a non-integral float. */
function plainResult(a: number, b: number, r: number): boolean {
  return Number.isInteger(a) && Number.isInteger(b) ? Number.isSafeInteger(r) : !Number.isInteger(r);
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (plainResult(a, b, r)) return r;
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && a instanceof Tuple === b instanceof Tuple) {
    return a instanceof Tuple ? tuple([...a, ...b]) : [...a, ...b];
  }
  const [x, y] = numbers('+', a, b);
  return arithmetic(
    x,
    y,
    (p, q) => p + q,
    (p, q) => p + q,
  );
}

export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (plainResult(a, b, r)) return r;
  }
  const [x, y] = numbers('-', a, b);
  return arithmetic(
    x,
    y,
    (p, q) => p - q,
    (p, q) => p - q,
  );
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
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (plainResult(a, b, r)) return r;
  }
  if (typeof a === 'string' || Array.isArray(a)) return repeat(a, b);
  if (typeof b === 'string' || Array.isArray(b)) return repeat(b, a);
  const [x, y] = numbers('*', a, b);
  return arithmetic(
    x,
    y,
    (p, q) => p * q,
    (p, q) => p * q,
  );
}

function nonZero(n: PyNumeric, what = 'division by zero'): PyNumeric {
  if (Number(n) === 0) throw new Error(`ZeroDivisionError: ${what}`);
  return n;
}

/** `%`: printf-style formatting on a string, Python's modulo (sign of the divisor) on numbers. */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return printf(a, b);
  const [x, y] = numbers('%', a, b);
  nonZero(y, isFloat(x) || isFloat(y) ? 'float modulo' : 'integer modulo by zero');
  return arithmetic(
    x,
    y,
    (p, q) => {
      const r = p % q;
      return r !== 0 && r < 0 !== q < 0 ? r + q : r;
    },
    (p, q) => {
      const r = p % q;
      return r !== 0n && r < 0n !== q < 0n ? r + q : r;
    },
  );
}

/** `/` is always a float in Python 3. */
export function div(a: unknown, b: unknown): unknown {
  const [x, y] = numbers('/', a, b);
  nonZero(y);
  return pyFloat(Number(x) / Number(y));
}

export function floordiv(a: unknown, b: unknown): unknown {
  const [x, y] = numbers('//', a, b);
  nonZero(y, isFloat(x) || isFloat(y) ? 'float floor division by zero' : 'integer division or modulo by zero');
  return arithmetic(
    x,
    y,
    (p, q) => Math.floor(p / q),
    (p, q) => {
      const r = p / q;
      return r * q !== p && p < 0n !== q < 0n ? r - 1n : r;
    },
  );
}

/** `**`: an int to a non-negative int power stays an exact int; anything else is a float. */
export function pow(a: unknown, b: unknown): unknown {
  const [x, y] = numbers('** or pow()', a, b);
  if (!isFloat(x) && !isFloat(y) && Number(y) < 0) {
    if (Number(x) === 0) throw new Error('ZeroDivisionError: 0.0 cannot be raised to a negative power');
    return pyFloat(Number(x) ** Number(y));
  }
  return arithmetic(
    x,
    y,
    (p, q) => p ** q,
    (p, q) => p ** q,
  );
}

export function neg(a: unknown): unknown {
  if (typeof a === 'number') return -a;
  if (typeof a === 'boolean') return -Number(a);
  if (typeof a === 'bigint') return pyInt(-a);
  if (isNumeric(a)) return pyFloat(-Number(a));
  strict(a, undefined);
  throw new TypeError(`bad operand type for unary -: '${typeName(a)}'`);
}

/** Python's ordering: numbers with numbers, str with str, list with list (element-wise). */
export function order(op: string, a: unknown, b: unknown): number {
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b);
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
