/** Jinja2 3.1's tests (`x is defined`, `x is mapping`, `x is divisibleby 3`...), with Python's type rules. */
import { contains } from './runtime-helpers.js';
import { isMapping, eq } from './py-values.js';
import { Undefined } from './undefined.js';

type Test = (value: unknown, ...args: unknown[]) => boolean;

function compareTest(op: (a: number | string, b: number | string) => boolean): Test {
  return (a, b) => op(a as number, b as number);
}

export const jinjaTests: Record<string, Test> = {
  defined: (v) => !(v instanceof Undefined) && v !== undefined,
  undefined: (v) => v instanceof Undefined || v === undefined,
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  // bool is an int in Python, so True is a number (but not an integer test match).
  number: (v) => typeof v === 'number' || typeof v === 'boolean',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  string: (v) => typeof v === 'string' || v instanceof String,
  mapping: (v) => isMapping(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v),
  iterable: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v),
  callable: (v) => typeof v === 'function',
  odd: (v) => Number(v) % 2 !== 0,
  even: (v) => Number(v) % 2 === 0,
  divisibleby: (v, n) => Number(v) % Number(n) === 0,
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  escaped: () => false,
  in: (v, seq) => contains(v, seq),
  eq: (a, b) => eq(a, b),
  '==': (a, b) => eq(a, b),
  equalto: (a, b) => eq(a, b),
  ne: (a, b) => !eq(a, b),
  '!=': (a, b) => !eq(a, b),
  lt: compareTest((a, b) => a < b),
  lessthan: compareTest((a, b) => a < b),
  '<': compareTest((a, b) => a < b),
  le: compareTest((a, b) => a <= b),
  '<=': compareTest((a, b) => a <= b),
  gt: compareTest((a, b) => a > b),
  greaterthan: compareTest((a, b) => a > b),
  '>': compareTest((a, b) => a > b),
  ge: compareTest((a, b) => a >= b),
  '>=': compareTest((a, b) => a >= b),
  sameas: (a, b) => a === b,
};
