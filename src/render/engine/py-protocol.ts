/**
 * What Python's methods, filters and operators all need to know about a value: its type
 * name, how to iterate it, and the keyword arguments Nunjucks appends to a call. Its own
 * module so that the method tables (py-methods, py-string-methods) import it, not each other.
 */
import { PyFloat } from './py-number.js';
import { Namespace, Tuple, isMapping } from './py-values.js';
import { EmptyUndefined, Undefined } from './undefined.js';

/** True for the trailing keyword-arguments object nunjucks appends to a call. */
export function isKwargs(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (value as { __keywords?: unknown }).__keywords === true;
}

/** Nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
export function splitKwargs(args: unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  if (!isKwargs(last)) return [args, {}];
  const { __keywords: _, ...kwargs } = last;
  return [args.slice(0, -1), kwargs];
}

/** Iterate like Python's `for`: lists as is, dicts by key, strings by character. */
export function iterableToArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof EmptyUndefined) return [];
  if (value instanceof Undefined) return value.fail();
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  if (value !== null && typeof value === 'object' && Symbol.iterator in value) return Array.from(value as Iterable<unknown>);
  throw new TypeError(`'${typeName(value)}' object is not iterable`);
}

/** Python's type name of a value, for error messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (value instanceof PyFloat) return 'float';
  if (value instanceof Tuple) return 'tuple';
  if (Array.isArray(value)) return 'list';
  if (isMapping(value)) return 'dict';
  if (value instanceof Namespace) return 'Namespace';
  if (typeof value === 'function') return 'function';
  return 'object';
}
