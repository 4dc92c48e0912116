/** Less common but legal Jinja2 that real templates hit, rendered by jinja2 3.1 and by the engine. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const cases: DiffCase[] = [
  { name: 'string literal escapes', template: '{{ "tab\\there" }}|{{ \'it\\\'s\' }}|{{ "back\\\\slash" }}|{{ "nl\\nx" }}|{{ "\\u00e9" }}\n' },
  {
    name: 'whitespace control inside loops and macros',
    template: '{% macro item(x) -%}\n  [{{ x }}]\n{%- endmacro %}\nlist:\n{% for i in [1, 2] -%}\n  {{ item(i) }}\n{% endfor -%}\nend\n',
  },
  { name: 'indented comment lines inside a loop', template: 'items:\n{% for i in [1, 2] %}\n    {# explain #}\n  - {{ i }}\n{% endfor %}\n' },
  {
    name: 'nested macro calls with indent',
    files: {
      'm.j2':
        '{% macro inner(d) %}\n{% for k, v in d | dictsort %}\n{{ k }}: {{ v }}\n{% endfor %}\n{% endmacro %}\n{% macro outer(d) %}\nmeta:\n  {{ inner(d) | indent(2) }}\n{% endmacro %}\n',
    },
    template: '{% from "m.j2" import outer %}\nspec:\n  {{ outer({"b": 1, "a": 2}) | indent(2) }}\ndone\n',
  },
  {
    name: 'caller inside a loop of the macro',
    template:
      '{% macro list(items) %}\n{% for i in items %}\n- {{ caller(i) | trim }}\n{% endfor %}\n{% endmacro %}\n{% call(x) list([1, 2]) %}\n  item {{ x }}\n{% endcall %}\n',
  },
  { name: 'macro sees top-level variables set before it is called', template: '{% macro m() %}{{ g }}{% endmacro %}{% set g = 1 %}{{ m() }}\n' },
  {
    name: 'variables set in an included file stay there',
    files: { 'inc.j2': '{% set inner = 5 %}{{ inner }}' },
    template: '{% include "inc.j2" %} {{ inner is defined }}\n',
  },
  {
    name: 'imported template does not see the caller context',
    files: { 'lib.j2': '{% macro m() %}{{ ctxvar is defined }}{% endmacro %}' },
    template: '{% import "lib.j2" as lib %}{{ lib.m() }}\n',
    context: { ctxvar: 1 },
  },
  {
    name: 'import with context sees it',
    files: { 'lib.j2': '{% macro m() %}{{ ctxvar }}{% endmacro %}' },
    template: '{% import "lib.j2" as lib with context %}{{ lib.m() }}\n',
    context: { ctxvar: 1 },
  },
  { name: 'loop variable shadows and restores', template: '{% set x = "outer" %}{% for x in [1, 2] %}{{ x }}{% endfor %} {{ x }}\n' },
  {
    name: 'loop over dictsort pairs and loop.last',
    template: '{% for k, v in d | dictsort %}{{ k }}={{ v }}{% if not loop.last %}&{% endif %}{% endfor %}\n',
    context: { d: { z: 1, a: 2, m: 3 } },
  },
  {
    name: 'nested data access with get and default',
    template: '{{ cfg.get("a", {}).get("b", "none") }} {{ (cfg.x | default({})).y | default("dflt") }}\n',
    context: { cfg: { a: { b: 'B' } } },
  },
  { name: 'conditional expression chains', template: '{{ "a" if x > 5 else "b" if x > 2 else "c" }}\n', context: { x: 3 } },
  { name: 'not with in, is and comparisons', template: '{{ not 1 in [1] }} {{ not x is none }} {{ not x == 2 }} {{ (not x) == false }}\n', context: { x: 1 } },
  {
    name: 'filters on expressions and grouping',
    template: '{{ (a ~ b) | upper }} {{ a ~ b | upper }} {{ -2 | abs }} {{ (1 + 2) * 3 }} {{ [1, 2] | length + 1 }}\n',
    context: { a: 'x', b: 'y' },
  },
  {
    name: 'set with filters and multiline tag',
    template: '{% set names = people\n     | map(attribute="n")\n     | list %}\n{{ names }}\n',
    context: { people: [{ n: 'a' }, { n: 'b' }] },
  },
  { name: 'dict literal with nested braces in a block tag', template: '{% set d = {"a": {"b": {"c": 1}}} %}{{ d.a.b.c }} {{ {"x": {"y": 1}} }}\n' },
  {
    name: 'list of dicts literal and tojson',
    template: '{% set ports = [{"name": "http", "port": 80}, {"name": "metrics", "port": 9090}] %}{{ ports | tojson }}\n',
  },
  { name: 'empty macro output and blank lines', template: '{% macro empty() %}{% endmacro %}a{{ empty() }}b\n\n\nc\n' },
  { name: 'unicode text passes through', template: 'héllo {{ "wörld" | upper }} {{ "日本" | length }} ✓\n' },
  { name: 'bool and none inside tojson and strings', template: '{{ {"enabled": true, "x": none} | tojson }} {{ "x" ~ none }} {{ [true] | join }}\n' },
  { name: 'range with negative step and loop.revindex', template: '{% for i in range(5, 0, -2) %}{{ i }}/{{ loop.revindex }} {% endfor %}\n' },
  { name: 'integer division and modulo with negatives', template: '{{ -7 // 2 }} {{ 7 // -2 }} {{ -7 % 2 }} {{ 7 % -2 }} {{ 2 ** -1 }}\n' },
  {
    name: 'string comparison and sorting of mixed case',
    template: '{{ "B" < "a" }} {{ ["b", "B", "a"] | sort | join }} {{ ["b", "B", "a"] | sort(case_sensitive=true) | join }}\n',
  },
  {
    name: 'keys with dashes via subscript',
    template: '{{ d["app.kubernetes.io/name"] }} {{ d["with-dash"] }}\n',
    context: { d: { 'app.kubernetes.io/name': 'x', 'with-dash': 'y' } },
  },
  {
    name: 'undefined only matters when used',
    template: '{% if false %}{{ nope }}{% endif %}{{ "x" if true else nope }} {{ true or nope }} {{ false and nope }}\n',
  },
  { name: 'default on nested undefined attribute', template: '{{ d.a.b | default("deep") if d.a is defined else "no a" }}\n', context: { d: {} } },
  { name: 'trailing comma in list, dict and call', template: '{{ [1, 2,] }} {{ {"a": 1,} }} {{ dict(a=1,) }} {{ (1,) }}\n' },
  { name: 'whitespace around variable tags with minus', template: 'a\n  {{- 1 -}}\n  b\n{{ 2 -}}\n\nc\n' },
  { name: 'lstrip with tabs and comment with minus', template: 'a\n\t{% if true %}\n\tb\n\t{% endif %}\n  {#- c -#}\n  d\n' },
  { name: 'blocks without trailing newline at end of file', template: '{% if true %}x{% endif %}' },
  {
    name: 'include inside a macro sees macro parameters',
    files: { 'row.j2': '<{{ item }}>' },
    template: '{% macro rows(items) %}{% for item in items %}{% include "row.j2" %}{% endfor %}{% endmacro %}{{ rows([1, 2]) }}\n',
  },
  {
    name: 'import inside a macro',
    files: { 'lib.j2': '{% macro up(x) %}{{ x | upper }}{% endmacro %}' },
    template: '{% macro m(x) %}{% import "lib.j2" as lib %}{{ lib.up(x) }}{% endmacro %}{{ m("a") }}{{ m("b") }}\n',
  },
  {
    name: 'recursive macro renders nested data',
    template:
      '{% macro tree(node, depth=0) %}\n{% for key, value in node | dictsort %}\n{{ "  " * depth }}{{ key }}:{% if value is mapping %}\n\n{{ tree(value, depth + 1) }}{% else %} {{ value }}\n{% endif %}\n{% endfor %}\n{% endmacro %}\n{{ tree(data) }}',
    context: { data: { b: { y: 1, x: { z: true } }, a: 'top' } },
  },
  {
    name: 'nested loops report loop.depth',
    template: '{% for a in [1] %}{{ loop.depth }}{% for b in [1] %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}{% endfor %}\n',
  },
  {
    name: 'namespace used inside an imported macro',
    files: {
      'lib.j2':
        '{% macro total(items) %}{% set ns = namespace(sum=0) %}{% for i in items %}{% set ns.sum = ns.sum + i.n %}{% endfor %}{{ ns.sum }}{% endmacro %}',
    },
    template: '{% from "lib.j2" import total %}{{ total([{"n": 1}, {"n": 2}]) }}\n',
  },
  {
    name: 'caller output indented by the macro',
    template:
      '{% macro section(name) %}\n{{ name }}:\n  {{ caller() | indent(2) }}\n{% endmacro %}\n{% call section("env") %}\na: 1\nb: 2\n{% endcall %}\nend\n',
  },
  { name: 'crlf line endings', template: 'a\r\n{% if true %}\r\nb\r\n{% endif %}\r\n' },
];

const scopedCases: DiffCase[] = [
  {
    name: 'set in a for-else block stays in the loop scope',
    template:
      '{% set x = 0 %}{% for i in [] %}{% else %}{% set x = 1 %}{{ x }}{% endfor %}{{ x }} {% for i in [] %}{% else %}{% set y = 1 %}{% endfor %}{{ y is defined }}\n',
  },
  { name: 'read before set in the same loop body', template: '{% set x = "out" %}{% for i in [1, 2] %}[{{ x }}]{% set x = i %}({{ x }}){% endfor %}{{ x }}\n' },
  {
    name: 'set in a loop seen by the next statement of the same iteration only',
    template: '{% for i in [1, 2] %}{% if i == 1 %}{% set y = "one" %}{% endif %}{{ y is defined }}{% endfor %}\n',
  },
  { name: 'set in a macro does not leak to the template', template: '{% set z = 1 %}{% macro m() %}{% set z = 2 %}{{ z }}{% endmacro %}{{ m() }}{{ z }}\n' },
  {
    name: 'set in a call block body',
    template: '{% macro m() %}{{ caller() }}{% endmacro %}{% set w = 1 %}{% call m() %}{% set w = 2 %}{{ w }}{% endcall %}{{ w }}\n',
  },
  { name: 'loop variable after the loop is the outer one', template: '{% set i = "before" %}{% for i in [1] %}{% endfor %}{{ i }}\n' },
  {
    name: 'nested loop set does not reach the outer loop',
    template: '{% for a in [1, 2] %}{% set s = a %}{% for b in [3] %}{% set s = b %}{% endfor %}{{ s }}{% endfor %}\n',
  },
  {
    name: 'top-level set after an include is exported to imports',
    files: { 'vars.j2': '{% set shared = "S" %}{% set _private = "P" %}' },
    template: '{% import "vars.j2" as v %}{{ v.shared }} {{ v._private is defined }}\n',
  },
  {
    name: 'with block scopes its names',
    template: '{% set a = "outer" %}{% with a = 1, b = a %}{{ a }} {{ b }}{% set c = 3 %}{% endwith %} {{ a }} {{ c is defined }}\n',
  },
  {
    name: 'set unpacks a tuple or list',
    template:
      '{% set a, b = 1, 2 %}{{ a }}{{ b }} {% set k, v = ["x", "y"] %}{{ k }}{{ v }} {% for p in [(1, 2)] %}{% set x, y = p %}{{ x + y }}{% endfor %}\n',
  },
  { name: 'set unpacking with the wrong count fails', template: '{% set a, b = [1, 2, 3] %}\n' },
];

const rawBlocks: DiffCase[] = [
  { name: 'raw with whitespace control', template: 'a  {%- raw -%}  {{ x }}  {%- endraw -%}  b\n  {% raw %}\n{% y %}\n  {% endraw %}\nc\n' },
];

describeDifferential({ 'jinja2 edge cases': cases, 'jinja2 with and set unpacking': scopedCases, 'jinja2 raw blocks': rawBlocks });
