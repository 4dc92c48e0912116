/**
 * Template failures: every one is a TemplateError naming the innermost file,
 * the line and what is missing; jinja2 3.1 must fail on the same templates.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine, TemplateError } from './index.js';
import { once, REFERENCE_TIMEOUT_MS, renderWithJinja2, writeCases, type DiffCase } from './jinja-reference.test-helper.js';

interface ErrorCase extends DiffCase {
  /** The file (relative to the case folder) the error must be located in. */
  file: string;
  line: number;
  /** The 1-based column, where the case checks it. */
  column?: number;
  /** Text the message must contain (the missing name, the bad token). */
  mentions: string;
}

const cases: ErrorCase[] = [
  { name: 'syntax error: unclosed if', template: 'a\n{% if x %}\nb\n', file: 'main.j2', line: 2, mentions: 'endif' },
  {
    name: 'syntax error: unclosed for names the block left open',
    template: 'a\n{% for x in y %}{{ x }}\n',
    context: { y: [] },
    file: 'main.j2',
    line: 2,
    mentions: 'the block opened here is not closed',
  },
  { name: 'syntax error: unknown tag', template: 'a\n\n{% frobnicate %}\n', file: 'main.j2', line: 3, mentions: 'frobnicate' },
  {
    name: 'undefined variable printed',
    template: 'host:\n  name: x\n  value: {{ RABBITMQ_HOST }}\n',
    file: 'main.j2',
    line: 3,
    mentions: "'RABBITMQ_HOST' is undefined",
  },
  {
    name: 'column on the line after a block tag',
    template: '{% if true %}\n  {{ nope }}\n{% endif %}\n',
    file: 'main.j2',
    line: 2,
    column: 6,
    mentions: "'nope'",
  },
  {
    name: 'column of an attribute lookup is its dot',
    template: 'a: 1\nb: {{ x.y }}\n',
    context: { x: {} },
    file: 'main.j2',
    line: 2,
    column: 8,
    mentions: "'y'",
  },
  {
    name: 'column of a syntax error after a block tag',
    template: '{% if true %}\nx {{ 1 + }}\n{% endif %}\n',
    file: 'main.j2',
    line: 2,
    column: 10,
    mentions: 'syntax error',
  },
  { name: 'undefined variable in a condition', template: '\n{% if nope %}x{% endif %}\n', file: 'main.j2', line: 2, mentions: "'nope'" },
  { name: 'undefined variable iterated', template: 'a\nb\n{% for x in nope %}{{ x }}{% endfor %}\n', file: 'main.j2', line: 3, mentions: "'nope'" },
  { name: 'attribute of an undefined variable', template: '{{ foo.bar }}\n', file: 'main.j2', line: 1, mentions: "'foo' is undefined" },
  { name: 'missing key of a dict', template: '\n{{ d.nokey }}\n', context: { d: { a: 1 } }, file: 'main.j2', line: 2, mentions: "'nokey'" },
  {
    name: 'undefined inside a for loop body',
    template: '{% for i in [1, 2] %}\n  - {{ i }}\n  - {{ missing_in_loop }}\n{% endfor %}\n',
    file: 'main.j2',
    line: 3,
    mentions: "'missing_in_loop'",
  },
  {
    name: 'undefined in an imported macro file',
    files: { 'macros.j2': '{% macro m(x) %}\n{{ x }} {{ missing_var }}\n{% endmacro %}\n' },
    template: '{% import "macros.j2" as mac %}\n{{ mac.m(1) }}\n',
    file: 'macros.j2',
    line: 2,
    mentions: "'missing_var'",
  },
  {
    name: 'undefined in a macro imported with from',
    files: { 'lib/k.j2': '{% macro svc(p) %}\nport: {{ p.port }}\n{% endmacro %}\n' },
    template: '{% from "lib/k.j2" import svc %}\n\n{{ svc({"name": "x"}) }}\n',
    file: 'lib/k.j2',
    line: 2,
    mentions: "'port'",
  },
  {
    name: 'undefined in an included file',
    files: { 'part.j2': 'ok\n{{ nothere }}\n' },
    template: 'x\n{% include "part.j2" %}\n',
    file: 'part.j2',
    line: 2,
    mentions: "'nothere'",
  },
  {
    name: 'syntax error in an imported file',
    files: { 'bad.j2': '{% macro m() %}\n{{ 1 + }}\n{% endmacro %}\n' },
    template: '{% import "bad.j2" as b %}{{ b.m() }}\n',
    file: 'bad.j2',
    line: 2,
    mentions: 'syntax error',
  },
  {
    name: 'undefined in a call block body run by an imported macro',
    files: { 'lib.j2': '{% macro wrap() %}\n[{{ caller() }}]\n{% endmacro %}\n' },
    template: '{% from "lib.j2" import wrap %}\n{% call wrap() %}\n  {{ not_in_caller }}\n{% endcall %}\n',
    file: 'main.j2',
    line: 3,
    mentions: "'not_in_caller'",
  },
  {
    name: 'import climbing out of the search path',
    files: { 'sub/x.j2': 'x' },
    template: '{% include "sub/../sub/x.j2" %}\n',
    file: 'main.j2',
    line: 1,
    mentions: 'sub/../sub/x.j2',
  },
  { name: 'missing included template', template: 'a\n{% include "nope.j2" %}\n', file: 'main.j2', line: 2, mentions: "template 'nope.j2' not found in /" },
  {
    name: 'name not exported by an imported template',
    files: { 'lib.j2': '{% macro a() %}{% endmacro %}' },
    template: '{% from "lib.j2" import b %}\n\n{{ b() }}\n',
    file: 'main.j2',
    line: 3,
    mentions: "'b'",
  },
  { name: 'calling an undefined macro', template: '\n{{ nomacro(1) }}\n', file: 'main.j2', line: 2, mentions: "'nomacro'" },
  { name: 'missing macro parameter used', template: '{% macro m(a, b) %}{{ b }}{% endmacro %}\n{{ m(1) }}\n', file: 'main.j2', line: 1, mentions: "'b'" },
  { name: 'string formatting with too few arguments', template: '\n\n{{ "%s %s" % ("a",) }}\n', file: 'main.j2', line: 3, mentions: 'not enough arguments' },
  {
    name: 'attribute set on an undefined name',
    template: '\n{% set foo.bar = 1 %}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'cannot assign attribute on non-namespace object',
  },
  {
    name: 'required block not overridden',
    files: { 'base.j2': '\n{% block x required %}{% endblock %}\n' },
    template: '{% extends "base.j2" %}\n',
    file: 'base.j2',
    line: 2,
    mentions: "Required block 'x' not found",
  },
  {
    name: 'extends written twice',
    files: { 'base.j2': 'b' },
    template: '{% extends "base.j2" %}\n{% extends "base.j2" %}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'extended multiple times',
  },
  {
    name: 'include of a list naming no existing template',
    template: '\n{% include ["a.j2", "b.j2"] %}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'none of the templates given were found: a.j2, b.j2',
  },
  {
    name: 'macro parameter without default after one with',
    template: '\n{% macro m(a, b=1, c) %}{% endmacro %}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'non-default argument follows default argument',
  },
  {
    name: 'call block parameter without default after one with',
    template: '{% macro a() %}{{ caller() }}{% endmacro %}\n{% call(x, y=1, z) a() %}{% endcall %}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'non-default argument follows default argument',
  },
  {
    name: 'macro with a caller parameter without default',
    template: '\n\n{% macro x(caller) %}[{{ caller() }}]{% endmacro %}\n',
    file: 'main.j2',
    line: 3,
    mentions: 'the special "caller" argument must be omitted or be given a default',
  },
  {
    name: 'loop as a for target',
    template: '\n{% for loop in [1] %}{% endfor %}\n',
    file: 'main.j2',
    line: 2,
    mentions: "Can't assign to special loop variable",
  },
  { name: 'a name that is not an identifier', template: 'a\n{{ 1a }}\n', file: 'main.j2', line: 2, mentions: "'1a': not a name or a number" },
  {
    name: 'a positional argument after a keyword argument',
    template: '\n{{ range(stop=1, 2) }}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'invalid syntax for function call expression',
  },
  {
    name: 'a positional argument after *args',
    template: '\n{{ range(*[1], 2) }}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'invalid syntax for function call expression',
  },
  { name: 'raw with a plus before its end', template: 'a\n{% raw +%}x{% endraw %}\n', file: 'main.j2', line: 2, mentions: "unknown tag 'raw'" },
  {
    name: 'attribute of an inline if without else',
    template: '\n{{ (1 if false).bar }}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'the inline if-expression on line 2 evaluated to false and no else section was defined',
  },
  {
    name: 'calling a loop that is not recursive',
    template: '{% for x in [1] %}\n{{ loop([]) }}{% endfor %}\n',
    file: 'main.j2',
    line: 2,
    mentions: 'non recursive loop',
  },
];

function renderOurs(c: ErrorCase, dir: string): unknown {
  try {
    createTemplateEngine({ searchPaths: [dir] }).renderFile('main.j2', c.context ?? {});
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('template errors', () => {
  const prepared = once(() => {
    const dirs = writeCases(cases);
    return { dirs, reference: renderWithJinja2(cases, dirs) };
  });

  it.each(cases.map((c, i) => ({ name: c.name, i })))(
    '$name',
    ({ i }) => {
      const { dirs, reference } = prepared();
      const c = cases[i] as ErrorCase;
      const dir = dirs[i] as string;
      expect(reference[i]?.ok, 'jinja2 must fail on this template too').toBe(false);
      const error = renderOurs(c, dir);
      expect(error).toBeInstanceOf(TemplateError);
      const e = error as TemplateError;
      expect(e.name).toBe('TemplateError');
      expect(e.file).toBe(path.join(dir, c.file));
      expect(e.line).toBe(c.line);
      if (c.column !== undefined) expect(e.column).toBe(c.column);
      expect(e.message).toContain(c.mentions);
      expect(e.message.startsWith(`${path.join(dir, c.file)}:${c.line}: `)).toBe(true);
    },
    REFERENCE_TIMEOUT_MS,
  );
});

describe('errors from filters and globals', () => {
  it('keeps the thrown error as the cause and locates it', () => {
    const boom = new Error('vault is sealed');
    const engine = createTemplateEngine({
      searchPaths: [],
      globals: {
        secret: () => {
          throw boom;
        },
      },
    });
    const error = (() => {
      try {
        engine.renderString('a\nb: {{ secret("x") }}\n', {}, 'projects/p/vars.yml.j2');
      } catch (e) {
        return e as TemplateError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TemplateError);
    expect(error?.file).toBe('projects/p/vars.yml.j2');
    expect(error?.line).toBe(2);
    expect(error?.message).toBe('projects/p/vars.yml.j2:2: vault is sealed');
    expect(error?.cause).toBe(boom);
  });

  it('reports a file that is not in any search path', () => {
    const engine = createTemplateEngine({ searchPaths: ['/nonexistent-a', '/nonexistent-b'] });
    expect(() => engine.renderFile('x.j2', {})).toThrow(TemplateError);
    expect(() => engine.renderFile('x.j2', {})).toThrow(/x\.j2: template not found \(searched \/nonexistent-a, \/nonexistent-b\)/);
  });

  it('fails on an unknown filter, naming it', () => {
    const engine = createTemplateEngine({ searchPaths: [] });
    expect(() => engine.renderString('\n{{ 1 | nosuchfilter }}', {}, 't.j2')).toThrow(/nosuchfilter/);
  });
});
