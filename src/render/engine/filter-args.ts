/**
 * Helpers shared by the Jinja2 filters: Python-style argument binding
 * (positional or keyword) and attribute getters (`map(attribute='a.b')`).
 */
import { getitem } from './py-methods.js';
import { compareNumbers, isNumeric } from './py-number.js';
import { isKwargs, splitKwargs } from './py-protocol.js';
import { Undefined } from './undefined.js';

/** The nunjucks Context a filter is called with (`this`), narrowed to what filters use. */
export interface FilterContext {
  env: {
    getFilter(name: string): (...args: unknown[]) => unknown;
    getTest(name: string): (...args: unknown[]) => unknown;
  };
}

/** Bind `args` (positional, then a trailing keyword object) to parameter `names`, in order. */
export function bind(args: unknown[], names: readonly string[]): unknown[] {
  // The hot path (no keyword arguments) allocates nothing.
  if (!isKwargs(args[args.length - 1])) return args;
  const [positional, keywords] = splitKwargs(args);
  return names.map((name, i) => (i < positional.length ? positional[i] : keywords[name]));
}

/** Python truthiness of an optional flag argument (missing means false). */
export function flag(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

/** Jinja2's ignore_case postprocess: strings compare lower-cased. */
export function ignoreCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** Jinja2's make_attrgetter: dotted path, integer parts index lists, optional default for Undefined. */
export function attrGetter(attribute: unknown, postprocess?: (v: unknown) => unknown, fallback?: unknown): (item: unknown) => unknown {
  const parts: unknown[] =
    attribute === undefined || attribute === null
      ? []
      : typeof attribute === 'number'
        ? [attribute]
        : String(attribute)
            .split('.')
            .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item: unknown): unknown => {
    let value = item;
    for (const part of parts) {
      value = getitem(value, part);
      if (fallback !== undefined && fallback !== null && value instanceof Undefined) value = fallback;
    }
    return postprocess ? postprocess(value) : value;
  };
}

/** Python ordering for sort/min/max: numbers, strings, and lists/tuples element-wise. */
export function compare(a: unknown, b: unknown): number {
  if (a instanceof Undefined) a.fail();
  if (b instanceof Undefined) b.fail();
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TypeError(`'<' not supported between instances of '${typeof a}' and '${typeof b}'`);
}
