/**
 * Generated expressions over Python-typed values (ints, floats with and without a fraction, strings,
 * lists, dicts, None, booleans) with operators, filters and tests, printed and
 * compared with jinja2 3.1; when jinja2 raises, the engine must raise too.
 */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = [
  '0',
  '3',
  '-2',
  '2.5',
  '2.0',
  '0.0',
  '""',
  '"ab"',
  '"B a"',
  '[]',
  '[1, 2]',
  '["b", "a", "b"]',
  '{}',
  '{"k": 1, "a": [2]}',
  'none',
  'true',
  'false',
  'n',
  's',
  'l',
  'd',
  'e',
  '(1, "x")',
];
const BINARY = ['+', '-', '*', '/', '%', '//', '**', '~', '==', '!=', '<', '>=', 'and', 'or', 'in', 'not in'];
const FILTERS = [
  'length',
  'list',
  'join(",")',
  'default("D")',
  'tojson',
  'string',
  'upper',
  'first',
  'last',
  'sort',
  'unique | list',
  'int',
  'trim',
  'reverse | list',
  'select | list',
  'map("string") | list',
  'dictsort',
  'items | list',
  'min',
  'max',
  'sum',
  'count',
  'lower',
  'title',
  'capitalize',
  'abs',
  'round',
  'batch(2) | list',
  'float',
  'round(1, "floor")',
];
const TESTS = [
  'none',
  'defined',
  'string',
  'number',
  'mapping',
  'sequence',
  'iterable',
  'odd',
  'even',
  'integer',
  'float',
  'boolean',
  'true',
  'false',
  'in [1, "ab"]',
  'eq 3',
  'lower',
];

function expression(rand: () => number, depth: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const r = rand();
  if (depth > 2 || r < 0.3) return pick(ATOMS);
  if (r < 0.55) return `(${expression(rand, depth + 1)} ${pick(BINARY)} ${expression(rand, depth + 1)})`;
  if (r < 0.8) return `(${expression(rand, depth + 1)} | ${pick(FILTERS)})`;
  if (r < 0.9) return `(${expression(rand, depth + 1)} is ${rand() < 0.3 ? 'not ' : ''}${pick(TESTS)})`;
  if (r < 0.95) return `(not ${expression(rand, depth + 1)})`;
  return `(${expression(rand, depth + 1)} if ${expression(rand, depth + 1)} else ${expression(rand, depth + 1)})`;
}

const context = { n: 7, s: 'Hello World', l: [3, 1, 2], d: { b: 2, a: 1 }, e: [] };

const cases: DiffCase[] = Array.from({ length: Number(process.env.EXPRESSION_FUZZ_CASES ?? 400) }, (_, seed) => ({
  name: `generated expression #${seed}`,
  template: `{{ ${expression(random(seed + 1000), 0)} }}\n`,
  context,
}));

describeDifferential({ 'generated expressions': cases });
