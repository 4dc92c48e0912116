/** Jinja2 statement and expression forms beyond the common ones, rendered by jinja2 3.1 and by the engine, compared byte for byte. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const parts = { 'header.j2': '[{{ foo | default("no foo") }}|{{ bar is defined }}]', 'other.j2': '(other {{ foo | default("-") }})' };

const includes: DiffCase[] = [
  {
    name: 'include with context sees the context and loop variables',
    files: parts,
    template: '{% for foo in [1] %}{% include "header.j2" with context %}{% endfor %}\n',
    context: { bar: 2 },
  },
  {
    name: 'include without context sees only globals',
    files: parts,
    template: '{% set foo = 1 %}{% include "header.j2" without context %}\n',
    context: { bar: 2 },
  },
  {
    name: 'include ignore missing with or without context',
    files: parts,
    template: '{% include "nope.j2" ignore missing with context %}{% include "nope.j2" ignore missing without context %}ok\n',
  },
  {
    name: 'include of a list renders the first existing',
    files: parts,
    template: '{% include ["missing.j2", "other.j2", "header.j2"] %}|{% include names %}|{% include [x, "header.j2"] %}\n',
    context: { names: ['nope.j2', 'header.j2'], x: 'other.j2', foo: 'F' },
  },
  { name: 'include of a list with none existing fails', files: parts, template: '{% include ["a.j2", "b.j2"] %}\n' },
  { name: 'include of a list with none existing, ignore missing', files: parts, template: '[{% include ["a.j2", "b.j2"] ignore missing %}]\n' },
];

const filters: DiffCase[] = [
  {
    name: 'a filter block with chained filters',
    template: '{% filter upper | replace("FOO", "foo") %}foobar{% endfilter %}|{% filter trim|title %}  two words  {% endfilter %}\n',
  },
  { name: 'a filter block with arguments', template: '{% filter indent(2, true) %}a\nb{% endfilter %}\n' },
  {
    name: 'a set block through filters',
    template: '{% set x | trim | upper %}\n  padded {{ 1 + 1 }}\n{% endset %}[{{ x }}]{% set n | length %}abc{% endset %}{{ n }}\n',
  },
  {
    name: 'calling the result of a filter',
    template: '{{ d | attr("items")() | list }}|{{ d | attr("get")("k") }}|{{ d | attr("k") is defined }}\n',
    context: { d: { k: 'v', items: 42 } },
  },
];

const lexer: DiffCase[] = [
  { name: 'adjacent string literals are one string', template: '{{ "foo" "bar" \'baz\' }}|{{ ("a" "b") | upper }}\n' },
  { name: 'a dict literal closed right before the tag end', template: '{{ {"a": 1}}}|{{ "a" in {"a": {"b": 1}}}}|{% set d = {"x": {"y": 2}}%}{{ d.x.y }}\n' },
  { name: 'item lookups by number after a dot', template: '{{ [1, 2, 3].0 }}|{{ [[1, [5, 6]]].0.1.0 }}|{{ x.1 }}\n', context: { x: ['a', 'b'] } },
  { name: 'underscores in float literals', template: '{{ 3_4.5_6 }}|{{ 1_0.2_5e1 }}|{{ 1_000 + 0.5 }}\n' },
];

const scoping: DiffCase[] = [
  {
    name: 'a template variable named caller is not a macro caller',
    template: '{% set caller = 42 %}{% macro m() %}{{ caller is defined }}{% endmacro %}{{ m() }}|{{ caller }}\n',
  },
  {
    name: 'a call block still passes its caller',
    template: '{% set caller = 42 %}{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}body{% endcall %}\n',
  },
  { name: 'set on an attribute of an undefined name fails', template: '{% set foo.bar = 1 %}\n' },
  { name: 'set on an attribute of a dict fails', template: '{% set d = {} %}{% set d.bar = 1 %}\n' },
];

const signatures: DiffCase[] = [
  {
    name: 'a caller parameter with a default, or unused, is fine',
    template:
      '{% macro x(caller=none) %}[{{ caller() if caller else "-" }}]{% endmacro %}{% macro y(caller) %}y{% endmacro %}{{ x() }}{% call x() %}c{% endcall %}{{ y(1) }}\n',
  },
  { name: 'unicode names are names', template: '{% set café = 1 %}{% set _x9 = 2 %}{{ café + _x9 }}\n' },
];

const inlineIf: DiffCase[] = [
  {
    name: 'an inline if without else is an empty, false, undefined value',
    template:
      '<{{ 1 if false }}>{{ "x" ~ (1 if false) ~ "y" }} {{ (1 if false) is defined }} {{ (1 if false) | default("d") }} {{ "t" if (1 if false) else "f" }} {{ (1 if false) | length }} {{ [1 if false] }} {% for x in (1 if false) %}x{% endfor %}{{ (1 if false) == (2 if false) }}\n',
  },
  { name: 'an attribute of it fails', template: '{{ (1 if false).bar }}\n' },
];

const starred: DiffCase[] = [
  {
    name: 'star arguments spread a list into a call',
    template: '{% for i in [1, 2, 3] %}{{ loop.cycle(*marks) }}{% endfor %}|{{ range(*bounds) | list }}|{{ "{}-{}".format(*pair) }}\n',
    context: { marks: ['<', '>'], bounds: [1, 7, 2], pair: ['a', 'b'] },
  },
  {
    name: 'double star arguments spread a dict of keywords',
    template: '{% macro m(a, b=2, c=3) %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ m(1, **kw) }}|{{ m(*[7], c=0, **{"b": 5}) }}|{{ dict(x=1, **kw) | dictsort }}\n',
    context: { kw: { c: 9 } },
  },
  { name: 'a keyword given twice fails', template: '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(a=1, **{"a": 2}) }}\n' },
];

describeDifferential({
  'jinja2 include forms': includes,
  'jinja2 filter blocks and filter calls': filters,
  'jinja2 lexer forms': lexer,
  'jinja2 caller and set scoping': scoping,
  'jinja2 starred call arguments': starred,
  'jinja2 macro signatures and names': signatures,
  'jinja2 inline if without else': inlineIf,
});
