/**
 * Jinja2 3.1 filters on sequences and mappings: default, length, list,
 * first, last, join, map, select, reject, selectattr, rejectattr, unique,
 * min, max, sum, sort, dictsort, items, groupby, batch, slice, reverse, attr.
 */
import { attrGetter, bind, compare, flag, ignoreCase, type FilterContext } from './filter-args.js';
import { DICT_METHODS, getattr } from './py-methods.js';
import { PyFloat } from './py-number.js';
import { iterableToArray, splitKwargs, typeName } from './py-protocol.js';
import { add } from './py-operators.js';
import { Tuple, isMapping, str, truthy, tuple } from './py-values.js';
import { EmptyUndefined, Undefined } from './undefined.js';

type Filter = (this: FilterContext, value: unknown, ...args: unknown[]) => unknown;

/** groupby's result item: a (grouper, list) tuple with named fields. */
export class GroupTuple extends Tuple {
  get grouper(): unknown {
    return this[0];
  }
  get list(): unknown {
    return this[1];
  }
}

function length(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value instanceof EmptyUndefined) return 0;
  if (value instanceof Undefined) return value.fail();
  if (isMapping(value)) return Object.keys(value).length;
  throw new TypeError(`object of type '${typeName(value)}' has no len()`);
}

/** select/reject/selectattr/rejectattr share Jinja2's prepare_select_or_reject. */
function selectOrReject(ctx: FilterContext, value: unknown, args: unknown[], keep: boolean, lookupAttr: boolean): unknown[] {
  if (!truthy(value)) return [];
  const [positional, kwargs] = splitKwargs(args);
  const transform = lookupAttr ? attrGetter(positional[0]) : (x: unknown) => x;
  const off = lookupAttr ? 1 : 0;
  const testName = positional[off];
  const testArgs = positional.slice(off + 1);
  if (Object.keys(kwargs).length) testArgs.push({ ...kwargs, __keywords: true });
  const test = testName === undefined ? (x: unknown) => truthy(x) : (x: unknown) => truthy(ctx.env.getTest(str(testName)).call(ctx, x, ...testArgs));
  return iterableToArray(value).filter((item) => test(transform(item)) === keep);
}

function sortBy(items: unknown[], key: (v: unknown) => unknown, reverse: boolean): unknown[] {
  const keyed = items.map((item) => [key(item), item] as const);
  keyed.sort((a, b) => (reverse ? compare(b[0], a[0]) : compare(a[0], b[0])));
  return keyed.map(([, item]) => item);
}

function minOrMax(value: unknown, args: unknown[], sign: 1 | -1): unknown {
  const [caseSensitive, attribute] = bind(args, ['case_sensitive', 'attribute']);
  const items = iterableToArray(value);
  if (items.length === 0) return new Undefined('No aggregated item, sequence was empty.');
  const key = attrGetter(attribute, flag(caseSensitive) ? undefined : ignoreCase);
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const k = key(item);
    if (compare(k, bestKey) * sign < 0) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

/** Set membership by Python equality for the primitive keys unique() usually sees. */
function uniqueKey(value: unknown): unknown {
  if (typeof value === 'boolean' || value instanceof PyFloat) return Number(value);
  if (Array.isArray(value) && !(value instanceof Tuple)) throw new TypeError("unhashable type: 'list'");
  if (isMapping(value)) throw new TypeError("unhashable type: 'dict'");
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

export const collectionFilters: Record<string, Filter> = {
  default(value, ...args) {
    const [fallback = '', boolean] = bind(args, ['default_value', 'boolean']);
    return value instanceof Undefined || value === undefined || (flag(boolean) && !truthy(value)) ? fallback : value;
  },
  length,
  count: length,
  list: (value) => [...iterableToArray(value)],
  first: (value) => {
    const items = iterableToArray(value);
    return items.length ? items[0] : new Undefined('No first item, sequence was empty.');
  },
  last: (value) => {
    const items = iterableToArray(value);
    return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
  },
  reverse: (value) => (typeof value === 'string' ? [...value].reverse().join('') : [...iterableToArray(value)].reverse()),
  join(value, ...args) {
    const [d = '', attribute] = bind(args, ['d', 'attribute']);
    const items = iterableToArray(value);
    const mapped = attribute === undefined || attribute === null ? items : items.map(attrGetter(attribute));
    return mapped.map(str).join(str(d));
  },
  map(value, ...args) {
    const [positional, kwargs] = splitKwargs(args);
    // Jinja2 maps nothing over a false value (none, false, 0) instead of iterating it.
    if (!truthy(value)) return [];
    const items = iterableToArray(value);
    if (positional.length === 0 && 'attribute' in kwargs) return items.map(attrGetter(kwargs.attribute, undefined, kwargs.default));
    const [name, ...rest] = positional;
    if (name === undefined) throw new TypeError('map requires a filter argument');
    if (Object.keys(kwargs).length) rest.push({ ...kwargs, __keywords: true });
    const filter = this.env.getFilter(str(name));
    return items.map((item) => filter.call(this, item, ...rest));
  },
  select(value, ...args) {
    return selectOrReject(this, value, args, true, false);
  },
  reject(value, ...args) {
    return selectOrReject(this, value, args, false, false);
  },
  selectattr(value, ...args) {
    return selectOrReject(this, value, args, true, true);
  },
  rejectattr(value, ...args) {
    return selectOrReject(this, value, args, false, true);
  },
  unique(value, ...args) {
    const [caseSensitive, attribute] = bind(args, ['case_sensitive', 'attribute']);
    const key = attrGetter(attribute, flag(caseSensitive) ? undefined : ignoreCase);
    const seen = new Set<unknown>();
    return iterableToArray(value).filter((item) => {
      const k = uniqueKey(key(item));
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
  min: (value, ...args) => minOrMax(value, args, 1),
  max: (value, ...args) => minOrMax(value, args, -1),
  sum(value, ...args) {
    const [attribute, start = 0] = bind(args, ['attribute', 'start']);
    const get = attrGetter(attribute);
    return iterableToArray(value).reduce((acc: unknown, item) => add(acc, get(item)), start);
  },
  sort(value, ...args) {
    const [reverse, caseSensitive, attribute] = bind(args, ['reverse', 'case_sensitive', 'attribute']);
    const post = flag(caseSensitive) ? undefined : ignoreCase;
    const getters =
      attribute === undefined || attribute === null
        ? [attrGetter(null, post)]
        : String(attribute)
            .split(',')
            .map((a) => attrGetter(a.trim(), post));
    const key = getters.length === 1 ? getters[0]! : (item: unknown) => getters.map((g) => g(item));
    return sortBy(iterableToArray(value), key, flag(reverse));
  },
  dictsort(value, ...args) {
    const [caseSensitive, by = 'key', reverse] = bind(args, ['case_sensitive', 'by', 'reverse']);
    if (by !== 'key' && by !== 'value') throw new Error('You can only sort by either "key" or "value"');
    if (!isMapping(value)) throw new TypeError(`dictsort expects a mapping, got ${typeName(value)}`);
    const pos = by === 'key' ? 0 : 1;
    const pairs = Object.keys(value).map((k) => tuple([k, value[k]]));
    return sortBy(pairs, (pair) => (flag(caseSensitive) ? (pair as unknown[])[pos] : ignoreCase((pair as unknown[])[pos])), flag(reverse));
  },
  items(value) {
    if (value instanceof Undefined) return [];
    if (!isMapping(value)) throw new TypeError('Can only get item pairs from a mapping.');
    return Object.keys(value).map((k) => tuple([k, value[k]]));
  },
  groupby(value, ...args) {
    const [attribute, fallback = null, caseSensitive] = bind(args, ['attribute', 'default', 'case_sensitive']);
    const key = attrGetter(attribute, flag(caseSensitive) ? undefined : ignoreCase, fallback);
    const output = attrGetter(attribute, undefined, fallback);
    const groups: GroupTuple[] = [];
    let current: unknown[] | undefined;
    let currentKey: unknown;
    for (const item of sortBy(iterableToArray(value), key, false)) {
      const k = key(item);
      if (current === undefined || compare(k, currentKey) !== 0) {
        current = [];
        currentKey = k;
        const group = tuple([output(item), current]);
        Object.setPrototypeOf(group, GroupTuple.prototype);
        groups.push(group as GroupTuple);
      }
      current.push(item);
    }
    return groups;
  },
  batch(value, ...args) {
    const [linecount, fillWith = null] = bind(args, ['linecount', 'fill_with']);
    const size = Number(linecount);
    const out: unknown[][] = [];
    for (const item of iterableToArray(value)) {
      if (out.length === 0 || out[out.length - 1]!.length === size) out.push([]);
      out[out.length - 1]!.push(item);
    }
    const lastBatch = out[out.length - 1];
    if (lastBatch && fillWith !== null) while (lastBatch.length < size) lastBatch.push(fillWith);
    return out;
  },
  slice(value, ...args) {
    const [slices, fillWith = null] = bind(args, ['slices', 'fill_with']);
    const seq = iterableToArray(value);
    const n = Number(slices);
    const perSlice = Math.floor(seq.length / n);
    const withExtra = seq.length % n;
    const out: unknown[][] = [];
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const start = offset + i * perSlice;
      if (i < withExtra) offset += 1;
      const part = seq.slice(start, offset + (i + 1) * perSlice);
      if (fillWith !== null && i >= withExtra) part.push(fillWith);
      out.push(part);
    }
    return out;
  },
  // attr() is getattr only: on a dict it finds methods, never keys.
  attr: (value, name) =>
    isMapping(value) && !Object.prototype.hasOwnProperty.call(DICT_METHODS, str(name))
      ? new Undefined(`'dict object' has no attribute '${str(name)}'`)
      : getattr(value, str(name)),
};
