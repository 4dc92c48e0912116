/** Jinja2 3.1's tests (`x is defined`, `x is mapping`, `x is divisibleby 3`...), with Python's type rules. */
import { contains, ge, gt, le, lt, mod } from './py-operators.js';
import { isFloat, isNumeric } from './py-number.js';
import { STRING_METHODS } from './py-string-methods.js';
import { isMapping, eq, str } from './py-values.js';
import { Undefined } from './undefined.js';

type Test = (value: unknown, ...args: unknown[]) => boolean;

export const jinjaTests: Record<string, Test> = {
  defined: (v) => !(v instanceof Undefined) && v !== undefined,
  undefined: (v) => v instanceof Undefined || v === undefined,
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  // bool is an int in Python, so True is a number (but not an integer test match).
  number: (v) => isNumeric(v),
  integer: (v) => typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)),
  float: (v) => isFloat(v),
  string: (v) => typeof v === 'string' || v instanceof String,
  mapping: (v) => isMapping(v),
  // These look into the value (len(), iter()), which an undefined value refuses; callable() does not.
  sequence: (v) => (v instanceof Undefined ? v.fail() : typeof v === 'string' || Array.isArray(v) || isMapping(v)),
  iterable: (v) => (v instanceof Undefined ? v.fail() : typeof v === 'string' || Array.isArray(v) || isMapping(v)),
  callable: (v) => typeof v === 'function' || v instanceof Undefined,
  odd: (v) => eq(mod(v, 2), 1),
  even: (v) => eq(mod(v, 2), 0),
  divisibleby: (v, n) => eq(mod(v, n), 0),
  // Jinja2 tests str(value), so a dict or list can be "lower".
  lower: (v) => STRING_METHODS.islower!(str(v) as never) === true,
  upper: (v) => STRING_METHODS.isupper!(str(v) as never) === true,
  escaped: () => false,
  in: (v, seq) => contains(v, seq),
  eq: (a, b) => eq(a, b),
  '==': (a, b) => eq(a, b),
  equalto: (a, b) => eq(a, b),
  ne: (a, b) => !eq(a, b),
  '!=': (a, b) => !eq(a, b),
  lt: (a, b) => lt(a, b),
  lessthan: (a, b) => lt(a, b),
  '<': (a, b) => lt(a, b),
  le: (a, b) => le(a, b),
  '<=': (a, b) => le(a, b),
  gt: (a, b) => gt(a, b),
  greaterthan: (a, b) => gt(a, b),
  '>': (a, b) => gt(a, b),
  ge: (a, b) => ge(a, b),
  '>=': (a, b) => ge(a, b),
  sameas: (a, b) => a === b,
};
