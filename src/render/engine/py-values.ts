/**
 * Python value semantics for JavaScript values: truthiness, str()/repr(),
 * equality and tuples, so that templates print and compare like Jinja2.
 */
import { PyFloat, compareNumbers, isNumeric, numberRepr } from './py-number.js';
import { EmptyUndefined, Undefined } from './undefined.js';

/** A Python tuple: an array that prints as `(a, b)` (dictsort, items, groupby, `(1, 2)`). */
export class Tuple extends Array<unknown> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export function tuple(items: unknown[]): unknown[] {
  Object.setPrototypeOf(items, Tuple.prototype);
  return items;
}

/** A `namespace()` object: the one kind of object `{% set ns.x = ... %}` may write to. */
export class Namespace {
  [key: string]: unknown;
}

const NOT_TEXT = Symbol('deployment-all.notText');

/**
 * Marks a mapping that a template author easily takes for a string (the inventory
 * entry `environment`, next to the name `ENVIRONMENT`): printing it or comparing it
 * with a string raises `message`, which names the fix, instead of writing a Python
 * dict or being silently false. Its keys, items and `tojson` stay as for any
 * mapping, so a template that works here renders the same under Jinja2.
 */
export function notText<T extends Record<string, unknown>>(mapping: T, message: string): T {
  Object.defineProperty(mapping, NOT_TEXT, { value: message, enumerable: false });
  return mapping;
}

/** The message of a mapping marked with notText(), if it is one. */
export function notTextMessage(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? (value as { [NOT_TEXT]?: string })[NOT_TEXT] : undefined;
}

function refuseText(value: unknown): void {
  const message = notTextMessage(value);
  if (message !== undefined) throw new Error(message);
}

/** True for dict-like values (plain objects, Maps are not produced by YAML). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python's bool(): empty string, list, dict, 0 and None are false. */
export function truthy(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0;
    case 'bigint':
      return value !== 0n;
    case 'undefined':
      return false;
    case 'object':
      if (value === null) return false;
      if (Array.isArray(value)) return value.length > 0;
      if (value instanceof EmptyUndefined) return false;
      if (value instanceof Undefined) return value.fail();
      if (isMapping(value)) {
        for (const _ in value) return true;
        return false;
      }
      if (value instanceof String) return value.length > 0;
      if (value instanceof PyFloat) return value.valueOf() !== 0;
      return true;
    default:
      return true;
  }
}

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's repr() of a str. */
export function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const esc = REPR_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (ch === quote) out += '\\' + ch;
    else {
      const code = ch.codePointAt(0) ?? 0;
      out += code < 0x20 || code === 0x7f ? '\\x' + code.toString(16).padStart(2, '0') : ch;
    }
  }
  return out + quote;
}

/** Python's repr(), used for containers and their items. */
export function repr(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return stringRepr(value);
    case 'number':
    case 'bigint':
      return numberRepr(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'undefined':
      return 'None';
    case 'function':
      return '<function>';
    default:
      break;
  }
  if (value === null) return 'None';
  if (value instanceof EmptyUndefined) return 'Undefined';
  if (value instanceof Undefined) return value.fail();
  if (value instanceof Tuple) {
    const items = value.map(repr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (value instanceof Namespace) return `<Namespace ${dictRepr(value)}>`;
  if (isMapping(value)) {
    refuseText(value);
    return dictRepr(value);
  }
  if (value instanceof String) return stringRepr(value.toString());
  if (value instanceof PyFloat) return numberRepr(value);
  return String(value);
}

function dictRepr(value: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(value)) parts.push(`${stringRepr(key)}: ${repr(value[key])}`);
  return `{${parts.join(', ')}}`;
}

/** Python's str(): what `{{ value }}` and `~` print. */
export function str(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return numberRepr(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'undefined':
      return 'None';
    default:
      if (value === null) return 'None';
      if (value instanceof String || value instanceof EmptyUndefined) return value.toString();
      return repr(value);
  }
}

/** Python's `==`: deep for lists and dicts, 1 == True, a list never equals a tuple. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Jinja2's lenient Undefined equals only another one.
  if (a instanceof EmptyUndefined || b instanceof EmptyUndefined) return a instanceof EmptyUndefined && b instanceof EmptyUndefined;
  if (a instanceof Undefined) return a.fail();
  if (b instanceof Undefined) return b.fail();
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean')) return Number(a) === Number(b);
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b) === 0;
  if (a instanceof String || b instanceof String) return String(a) === String(b);
  if (ta === 'string') refuseText(b);
  if (tb === 'string') refuseText(a);
  if (ta !== 'object' || tb !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length || a instanceof Tuple !== b instanceof Tuple) return false;
    return a.every((item, i) => eq(item, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && eq(a[k], b[k]));
  }
  return false;
}
