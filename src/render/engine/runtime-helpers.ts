/**
 * The runtime the patched compiler emits calls to (as `jj.<name>`, bound to `env.jj` in every
 * compiled function):
 * Python operators, truthiness, lookups with StrictUndefined, iteration and
 * error location. Kept on the environment rather than patched into the
 * shared nunjucks runtime, so plain nunjucks users in the process are unaffected.
 */
import { LoopContext } from './loop-context.js';
import { makeMacro } from './macro-call.js';
import { getattr, getitem, slice } from './py-methods.js';
import { iterableToArray, typeName } from './py-protocol.js';
import { add, contains, div, floordiv, ge, gt, le, lt, mod, mul, neg, pow, sub } from './py-operators.js';
import { PyFloat } from './py-number.js';
import { Namespace, eq, isMapping, str, truthy, tuple } from './py-values.js';
import { locate, TemplateRuntimeError } from './template-error.js';
import { templateReference } from './template-reference.js';
import { selectTemplate } from './select-template.js';
import { EmptyUndefined, Undefined, undefinedName } from './undefined.js';

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
  if (fn instanceof LoopContext) return fn.call(...args);
  if (fn instanceof Undefined) return fn.fail();
  throw new TypeError(`'${name}' is not callable (it is a ${typeName(fn)})`);
}

/** The arguments of `f(a, *items, k=v, **mapping)`: positional then spread, keywords then the mapping's. */
function callArgs(positional: unknown[], items: unknown, keywords: Record<string, unknown> | undefined, mapping: unknown): unknown[] {
  const args = items === undefined ? positional : [...positional, ...iterableToArray(items)];
  if (keywords === undefined && mapping === undefined) return args;
  const kwargs: Record<string, unknown> = { ...keywords, __keywords: true };
  if (mapping !== undefined) {
    if (mapping instanceof Undefined) mapping.fail();
    if (!isMapping(mapping)) throw new TypeError(`argument after ** must be a mapping, not ${typeName(mapping)}`);
    for (const [key, value] of Object.entries(mapping)) {
      if (Object.prototype.hasOwnProperty.call(kwargs, key)) throw new TypeError(`got multiple values for keyword argument '${key}'`);
      kwargs[key] = value;
    }
  }
  args.push(kwargs);
  return args;
}

/** `{% set ns.attr = value %}`: only namespace() objects accept attribute assignment (an undefined name is not one). */
function setAttr(target: unknown, name: string, value: unknown): void {
  if (!(target instanceof Namespace)) throw new TemplateRuntimeError('cannot assign attribute on non-namespace object');
  target[name] = value;
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
  EmptyUndefined,
  PyFloat,
  TemplateRuntimeError,
  templateReference,
  selectTemplate,
  LoopContext,
  makeMacro,
  lookup,
  call,
  callArgs,
  add,
  sub,
  mul,
  mod,
  div,
  floordiv,
  pow,
  neg,
  lt,
  le,
  gt,
  ge,
  contains,
  setAttr,
  /** The `for` iterable as an array (dicts give their keys, strings their characters). */
  iterate: iterableToArray,
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
