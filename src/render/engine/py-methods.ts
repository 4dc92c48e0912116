/**
 * Python methods on template values: `s.split(',')`, `d.items()`,
 * `l.append(x)`... looked up by Jinja2's rules (`a.b` tries the attribute
 * first, `a['b']` the item first), with negative indexes and slices.
 */
import { iterableToArray, splitKwargs, typeName } from './py-protocol.js';
import { STRING_METHODS, type Method } from './py-string-methods.js';
import { Tuple, eq, isMapping, notTextMessage, str, tuple } from './py-values.js';
import { Undefined } from './undefined.js';

export const LIST_METHODS: Record<string, Method> = {
  append: (l: unknown[], x: unknown) => (l.push(x), null),
  extend: (l: unknown[], xs: unknown) => (l.push(...iterableToArray(xs)), null),
  insert: (l: unknown[], i: unknown, x: unknown) => (l.splice(Number(i) < 0 ? l.length + Number(i) : Number(i), 0, x), null),
  pop: (l: unknown[], i?: unknown) => {
    if (l.length === 0) throw new Error('IndexError: pop from empty list');
    return i === undefined ? l.pop() : l.splice(Number(i) < 0 ? l.length + Number(i) : Number(i), 1)[0];
  },
  remove: (l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => eq(y, x));
    if (i < 0) throw new Error('ValueError: list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => eq(y, x));
    if (i < 0) throw new Error(`ValueError: ${str(x)} is not in list`);
    return i;
  },
  count: (l: unknown[], x: unknown) => l.filter((y) => eq(y, x)).length,
  reverse: (l: unknown[]) => (l.reverse(), null),
  copy: (l: unknown[]) => [...l],
  clear: (l: unknown[]) => ((l.length = 0), null),
};

export const DICT_METHODS: Record<string, Method> = {
  items: (d: Record<string, unknown>) => Object.keys(d).map((k) => tuple([k, d[k]])),
  keys: (d: Record<string, unknown>) => Object.keys(d),
  values: (d: Record<string, unknown>) => Object.values(d),
  get: (d: Record<string, unknown>, k: unknown, def: unknown = null) => (Object.prototype.hasOwnProperty.call(d, str(k)) ? d[str(k)] : def),
  update: (d: Record<string, unknown>, ...args: unknown[]) => {
    const [pos, kw] = splitKwargs(args);
    for (const other of pos) Object.assign(d, other);
    Object.assign(d, kw);
    return null;
  },
  pop: (d: Record<string, unknown>, k: unknown, ...def: unknown[]) => {
    const key = str(k);
    if (!Object.prototype.hasOwnProperty.call(d, key)) {
      if (def.length) return def[0];
      throw new Error(`KeyError: '${key}'`);
    }
    const v = d[key];
    delete d[key];
    return v;
  },
  setdefault: (d: Record<string, unknown>, k: unknown, def: unknown = null) => {
    const key = str(k);
    if (!Object.prototype.hasOwnProperty.call(d, key)) d[key] = def;
    return d[key];
  },
  copy: (d: Record<string, unknown>) => ({ ...d }),
};

function bind(table: Record<string, Method>, self: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  const method = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  return method && ((...args: unknown[]) => method(self as never, ...args));
}

function missingAttr(obj: unknown, name: string): Undefined {
  const hint = notTextMessage(obj);
  return new Undefined(`'${typeName(obj)} object' has no attribute '${name}'${hint === undefined ? '' : `; ${hint}`}`);
}

/** `obj.name`: attribute (method) first, then item, as Jinja2's Environment.getattr. */
export function getattr(obj: unknown, name: string): unknown {
  if (typeof obj === 'string') return bind(STRING_METHODS, obj, name) ?? missingAttr(obj, name);
  if (obj instanceof Undefined) return obj.fail();
  if (obj === null || obj === undefined || typeof obj !== 'object') {
    if (typeof obj === 'function' && name in obj) return (obj as unknown as Record<string, unknown>)[name];
    return missingAttr(obj, name);
  }
  if (Array.isArray(obj)) {
    const method = bind(LIST_METHODS, obj, name);
    if (method) return method;
    // Named tuples (groupby's grouper/list) expose their fields as getters.
    if (obj instanceof Tuple && name in obj && !(name in Array.prototype)) return (obj as unknown as Record<string, unknown>)[name];
    return missingAttr(obj, name);
  }
  if (isMapping(obj)) {
    const method = bind(DICT_METHODS, obj, name);
    if (method) return method;
    // A key holding JavaScript `undefined` (an unset optional field) counts as missing, like an absent key.
    const value = Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : undefined;
    return value === undefined ? missingAttr(obj, name) : value;
  }
  const value = (obj as Record<string, unknown>)[name];
  if (value === undefined) return obj instanceof String ? getattr(obj.toString(), name) : missingAttr(obj, name);
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
}

/** `obj[key]`: item first, then attribute, as Jinja2's Environment.getitem. */
export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj.fail();
  if (key instanceof Undefined) return key.fail();
  if ((Array.isArray(obj) || typeof obj === 'string') && typeof key === 'number') {
    const i = key < 0 ? obj.length + key : key;
    if (i >= 0 && i < obj.length) return obj[i];
    return new Undefined(`'${typeName(obj)} object' has no element ${key}`);
  }
  if (isMapping(obj)) {
    const k = typeof key === 'string' ? key : str(key);
    if (Object.prototype.hasOwnProperty.call(obj, k) && obj[k] !== undefined) return obj[k];
  }
  if (typeof key === 'string') return getattr(obj, key);
  return new Undefined(`'${typeName(obj)} object' has no element ${str(key)}`);
}

/** `obj[start:stop:step]` with Python's slice rules. */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undefined) return obj.fail();
  const seq: unknown[] = typeof obj === 'string' ? [...obj] : iterableToArray(obj);
  const len = seq.length;
  const st = step === null || step === undefined ? 1 : Number(step);
  if (st === 0) throw new Error('ValueError: slice step cannot be zero');
  const norm = (v: unknown, def: number, lo: number, hi: number): number => {
    if (v === null || v === undefined) return def;
    let n = Number(v);
    if (n < 0) n += len;
    return Math.min(Math.max(n, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, len);
    const b = norm(stop, len, 0, len);
    for (let i = a; i < b; i += st) out.push(seq[i]);
  } else {
    const a = norm(start, len - 1, -1, len - 1);
    const b = norm(stop, -1, -1, len - 1);
    for (let i = a; i > b; i += st) out.push(seq[i]);
  }
  if (typeof obj === 'string') return out.join('');
  return obj instanceof Tuple ? tuple(out) : out;
}
