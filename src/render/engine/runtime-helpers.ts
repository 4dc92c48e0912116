/**
 * The runtime the patched compiler emits calls to (as `env.jj.<name>`):
 * Python operators, truthiness, lookups with StrictUndefined, iteration and
 * error location. Kept on the environment rather than patched into the
 * shared nunjucks runtime, so plain nunjucks users in the process are unaffected.
 */
import { LoopContext } from './loop-context.js';
import { makeMacro } from './macro-call.js';
import { printf } from './py-format.js';
import { getattr, getitem, iterableToArray, slice, typeName } from './py-methods.js';
import { Namespace, Tuple, eq, isMapping, str, truthy, tuple } from './py-values.js';
import { locate } from './template-error.js';
import { Undefined, undefinedName } from './undefined.js';

interface Lookup {
  lookup(name: string): unknown;
}

/** A name in the template: local frame first, then context and globals. */
function lookup(context: Lookup, frame: Lookup, name: string): unknown {
  let value = frame.lookup(name);
  if (value === undefined) value = context.lookup(name);
  return value === undefined ? undefinedName(name) : value;
}

function call(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (typeof fn === 'function') return (fn as (...a: unknown[]) => unknown).apply(context, args);
  if (fn instanceof Undefined) return fn.fail();
  throw new TypeError(`'${name}' is not callable (it is a ${typeName(fn)})`);
}

function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && a instanceof Tuple === b instanceof Tuple) {
    return a instanceof Tuple ? tuple([...a, ...b]) : [...a, ...b];
  }
  if ((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean')) return Number(a) + Number(b);
  if (a instanceof Undefined) return a.fail();
  if (b instanceof Undefined) return b.fail();
  throw new TypeError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
}

function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof b === 'number' && (typeof a === 'string' || Array.isArray(a))) return repeat(a, b);
  if (typeof a === 'number' && (typeof b === 'string' || Array.isArray(b))) return repeat(b, a);
  return Number(a) * Number(b);
}

function repeat(seq: string | unknown[], n: number): unknown {
  if (typeof seq === 'string') return n > 0 ? seq.repeat(n) : '';
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...seq);
  return seq instanceof Tuple ? tuple(out) : out;
}

function nonZero(b: unknown): number {
  const n = Number(b);
  if (n === 0) throw new Error('ZeroDivisionError: division by zero');
  return n;
}

/** `%`: printf-style formatting on a string, Python's modulo (sign of the divisor) on numbers. */
function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return printf(a, b);
  const d = nonZero(b);
  const r = Number(a) % d;
  return r !== 0 && r < 0 !== d < 0 ? r + d : r;
}

function div(a: unknown, b: unknown): number {
  return Number(a) / nonZero(b);
}

function floordiv(a: unknown, b: unknown): number {
  return Math.floor(Number(a) / nonZero(b));
}

/** Python's `in`: substring, list membership by ==, dict key. */
export function contains(needle: unknown, haystack: unknown): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new TypeError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((item) => eq(item, needle));
  if (haystack instanceof Undefined) return haystack.fail();
  if (isMapping(haystack)) return Object.prototype.hasOwnProperty.call(haystack, str(needle));
  if (needle instanceof Undefined) return needle.fail();
  throw new TypeError(`argument of type '${typeName(haystack)}' is not iterable`);
}

/** `{% set ns.attr = value %}`: only namespace() objects accept attribute assignment. */
function setAttr(target: unknown, name: string, value: unknown): void {
  if (target instanceof Namespace) {
    target[name] = value;
    return;
  }
  if (target instanceof Undefined) target.fail();
  throw new TypeError('cannot assign attribute on non-namespace object');
}

/** The `for` iterable as an array, optionally filtered by the loop's `if`. */
function iterate(value: unknown): unknown[] {
  return iterableToArray(value);
}

function unpack(item: unknown, count: number): unknown[] {
  const values = Array.isArray(item) ? item : iterableToArray(item);
  if (values.length !== count) {
    throw new Error(`ValueError: ${values.length < count ? 'not enough' : 'too many'} values to unpack (expected ${count}, got ${values.length})`);
  }
  return values;
}

export const runtimeHelpers = {
  Undefined,
  LoopContext,
  makeMacro,
  lookup,
  call,
  add,
  mul,
  mod,
  div,
  floordiv,
  contains,
  setAttr,
  iterate,
  unpack,
  getattr,
  getitem,
  slice,
  str,
  truthy,
  eq,
  tuple,
  locate,
};

export type RuntimeHelpers = typeof runtimeHelpers;
