/** Jinja2 statements and scoping, rendered by jinja2 3.1 and by the engine, compared byte for byte. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const cases: DiffCase[] = [
  {
    name: 'empty list, dict and string are false',
    template: '{% if l %}L{% endif %}{% if d %}D{% endif %}{% if s %}S{% endif %}{% if z %}Z{% endif %}{% if n %}N{% endif %}ok\n',
    context: { l: [], d: {}, s: '', z: 0, n: null },
  },
  {
    name: 'non-empty values are true',
    template: '{% if l %}L{% endif %}{% if d %}D{% endif %}{% if s %}S{% endif %}{{ "x" if d else "y" }}\n',
    context: { l: [0], d: { a: 1 }, s: ' ' },
  },
  { name: 'and/or return an operand', template: '{{ a or "fallback" }}|{{ b and "yes" }}|{{ c or d }}|{{ not a }}\n', context: { a: [], b: 'x', c: 0, d: {} } },
  {
    name: 'for with loop filter, loop.* and else',
    template:
      '{% for i in items if i is odd %}{{ loop.index }}/{{ loop.length }}:{{ i }}{{ "," if not loop.last }}{% else %}none{% endfor %}\n{% for i in [] %}x{% else %}empty{% endfor %}\n{% for i in [2, 4] if i is odd %}x{% else %}filtered-empty{% endfor %}\n',
    context: { items: [1, 2, 3, 5] },
  },
  {
    name: 'loop.first, revindex, index0, previtem, nextitem, cycle',
    template:
      '{% for x in "abc" %}{{ loop.first }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.index0 }}{{ loop.cycle("o", "e") }}{% if not loop.first %}<{{ loop.previtem }}{% endif %}{% if not loop.last %}>{{ loop.nextitem }}{% endif %};{% endfor %}\n',
  },
  { name: 'loop.changed', template: '{% for x in [1, 1, 2, 2, 1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}\n' },
  {
    name: 'for over a dict gives keys, items() gives pairs',
    template: '{% for k in d %}{{ k }};{% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}\n',
    context: { d: { b: 1, a: 2 } },
  },
  {
    name: 'nested loops and outer variables',
    template: '{% for a in [1, 2] %}{% for b in ["x", "y"] %}{{ a }}{{ b }}{{ loop.index }} {% endfor %}{{ loop.index }}|{% endfor %}\n',
  },
  { name: 'tuple unpacking in for', template: '{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }} {% endfor %}\n' },
  { name: 'set inside a loop does not leak', template: '{% set x = 1 %}{% for i in [1, 2] %}{% set x = i * 10 %}{{ x }} {% endfor %}{{ x }}\n' },
  { name: 'set inside if is visible after it', template: '{% if true %}{% set x = 5 %}{% endif %}{{ x }}\n' },
  {
    name: 'namespace carries values out of a loop',
    template: '{% set ns = namespace(total=0, names=[]) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}\n',
  },
  { name: 'set block captures', template: '{% set block %}\n  a {{ 1 + 1 }}\n{% endset %}[{{ block }}]\n' },
  {
    name: 'macro with defaults and keyword arguments',
    template: '{% macro m(a, b=2, c="x") %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}{{ m(1) }} {{ m(1, 3) }} {{ m(1, c="z") }} {{ m(a=9, b=8) }}\n',
  },
  { name: 'macro default refers to an earlier parameter', template: '{% macro m(a, b=a * 2) %}{{ a }},{{ b }}{% endmacro %}{{ m(3) }}\n' },
  {
    name: 'call block with caller()',
    template: '{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap("p") %}hello {{ name }}{% endcall %}\n',
    context: { name: 'world' },
  },
  {
    name: 'call block with caller arguments',
    template:
      '{% macro each(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}{% call(item, n) each(["a", "b"]) %}{{ n }}={{ item }};{% endcall %}\n',
  },
  {
    name: 'macro output keeps its whitespace and newlines',
    template: '{% macro block(name) %}\nname: {{ name }}\nkind: x\n{% endmacro %}\n{{ block("a") }}\n---\n{{ block("b") | indent(2) }}\n',
  },
  { name: 'macros see template globals but not caller locals', template: '{% set g = "G" %}{% macro m() %}{{ g }}{% endmacro %}{{ m() }}\n' },
  {
    name: 'import as namespace',
    files: { 'lib.j2': '{% macro hello(n) %}Hello {{ n }}!{% endmacro %}{% set version = "1.2" %}' },
    template: '{% import "lib.j2" as lib %}{{ lib.hello("you") }} {{ lib.version }}\n',
  },
  {
    name: 'from import with alias',
    files: { 'lib.j2': '{% macro a() %}A{% endmacro %}{% macro b(x) %}B{{ x }}{% endmacro %}' },
    template: '{% from "lib.j2" import a, b as bee %}{{ a() }}{{ bee(1) }}\n',
  },
  {
    name: 'import from a subfolder, macros using globals and other macros',
    files: {
      'k8s/meta.j2':
        '{% macro labels(app) %}\napp: {{ app }}\n{{ extra(app) }}\n{% endmacro %}\n{% macro extra(app) %}tier: {{ "web" if app.startswith("w") else "other" }}{% endmacro %}\n',
    },
    template: '{% import "k8s/meta.j2" as meta %}\nmetadata:\n  labels:\n    {{ meta.labels("web") | indent(4) }}\n',
  },
  {
    name: 'include sees the context and loop variables',
    files: { 'part.j2': '- {{ item }} of {{ title }}\n' },
    template: '{% for item in [1, 2] %}\n{% include "part.j2" %}\n{% endfor %}\n',
    context: { title: 'T' },
  },
  { name: 'include ignore missing', template: '{% include "nope.j2" ignore missing %}ok\n' },
  {
    name: 'extends and blocks',
    files: { 'base.j2': 'head\n{% block body %}default{% endblock %}\ntail\n' },
    template: '{% extends "base.j2" %}{% block body %}child {{ super() }}{% endblock %}',
  },
  {
    name: 'trim_blocks and lstrip_blocks',
    template: 'a:\n  {% if true %}\n  b: 1\n  {% endif %}\n    {% for i in [1] %}\n  c: {{ i }}\n    {% endfor %}\nend\n',
  },
  { name: 'lstrip does not apply after text on the same line', template: 'x {% if true %}y{% endif %}\n' },
  { name: 'comments are trimmed like blocks', template: 'a\n  {# a comment #}\nb\n{# multi\nline #}\nc\n' },
  { name: 'minus strips whitespace', template: 'a   {%- if true -%}   b   {%- endif %}\n{{- " c " -}}\n  d\n' },
  { name: 'plus disables lstrip and trim', template: 'a\n  {%+ if true %}b{% endif +%}\nc\n' },
  { name: 'variable tags are not trimmed', template: '  {{ 1 }}\n{{ 2 }}\n' },
  { name: 'trailing newline kept', template: 'x\n\n' },
  { name: 'raw block', template: '{% raw %}{{ not evaluated }} {% if %}{% endraw %}\n' },
  { name: 'inline if with else', template: '{{ "a" if x == 1 else "b" }}{{ "c" if x != 1 else "d" }}\n', context: { x: 1 } },
  { name: 'elif chain', template: '{% for x in [1, 2, 3] %}{% if x == 1 %}one{% elif x == 2 %}two{% else %}many{% endif %} {% endfor %}\n' },
  {
    name: 'comparisons and chained comparison',
    template:
      '{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ "a" < "b" }} {{ 1 == 1.0 }} {{ 1 == True }} {{ "1" == 1 }} {{ [1, 2] == [1, 2] }} {{ {"a": 1} == {"a": 1} }}\n',
  },
  { name: 'in and not in', template: '{{ "a" in "cat" }} {{ 2 in [1, 2] }} {{ "k" in d }} {{ "z" not in d }} {{ 3 not in [1] }}\n', context: { d: { k: 1 } } },
  {
    name: 'arithmetic',
    template:
      '{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 1 + 2 * 3 }} {{ "ab" * 3 }} {{ [1] * 2 }} {{ [1] + [2] }} {{ "a" ~ 1 ~ True }}\n',
  },
  { name: 'filter block', template: '{% filter upper %}hello {{ name }}{% endfilter %}\n', context: { name: 'x' } },
  { name: 'dict literal and attribute or item lookup', template: '{% set d = {"a": {"b": [10, 20]}} %}{{ d.a.b[1] }} {{ d["a"]["b"][-1] }} {{ d.a.b.0 }}\n' },
  { name: 'slices', template: '{{ s[1:] }} {{ s[:2] }} {{ s[::-1] }} {{ l[1:3] }} {{ l[-2:] }} {{ s[1:-1] }}\n', context: { s: 'hello', l: [1, 2, 3, 4] } },
  { name: 'range, dict() and namespace printing', template: '{{ range(3) | list }} {{ range(1, 10, 3) | list }} {{ dict(a=1, b="x") }}\n' },
  {
    name: 'is defined guards an undefined name',
    template: '{{ "yes" if missing is defined else "no" }} {{ missing | default("dflt") }} {{ d.nokey is defined }} {{ d.nokey | default(3) }}\n',
    context: { d: {} },
  },
  { name: 'tuple literal prints as a tuple', template: '{{ (1, "a") }} {% set t = (1, 2) %}{{ t[0] }}\n' },
  {
    name: 'joiner and cycler',
    template:
      '{% set j = joiner(", ") %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %} {% set c = cycler("a", "b") %}{{ c.next() }}{{ c.next() }}{{ c.next() }}\n',
  },
  {
    name: 'kubernetes deployment style template',
    files: {
      'macros.j2':
        '{% macro env_list(vars) %}\n{% for name, value in vars | dictsort %}\n- name: {{ name }}\n  value: {{ value | tojson }}\n{% endfor %}\n{% endmacro %}\n',
    },
    template:
      '{% from "macros.j2" import env_list %}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ name }}\nspec:\n  replicas: {{ replicas | default(1) }}\n  template:\n    spec:\n      containers:\n        - name: {{ name }}\n          env:\n            {{ env_list(env) | indent(12) }}\n{% if ports %}\n          ports:\n{% for p in ports %}\n            - containerPort: {{ p }}\n{% endfor %}\n{% endif %}\n',
    context: { name: 'herder', env: { B: 'x', A: 1, C: true }, ports: [8080, 9090] },
  },
];

const macroArgumentCases: DiffCase[] = [
  {
    name: 'macro varargs and kwargs collect extra arguments',
    template: '{% macro m(a) %}{{ a }} {{ varargs }} {{ kwargs | dictsort }}{% endmacro %}{{ m(1, 2, 3, x=4, b="y") }}\n',
  },
  { name: 'macro called with too many arguments fails', template: '{% macro m(a, b=1) %}{{ a }}{% endmacro %}{{ m(1, 2, 3) }}\n' },
  { name: 'macro called with an unknown keyword fails', template: '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, z=2) }}\n' },
  { name: 'macro given an argument twice fails', template: '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, a=2) }}\n' },
  {
    name: 'positional argument fills a defaulted parameter',
    template: '{% macro m(a, b="d", c="e") %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ m(1, 2) }} {{ m(1, c=3) }}\n',
  },
];

describeDifferential({ 'jinja2 statements': cases, 'jinja2 macro arguments': macroArgumentCases });
