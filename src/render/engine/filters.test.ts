/** Jinja2 filters and tests, rendered by jinja2 3.1 and by the engine, compared byte for byte. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const people = [
  { name: 'Bob', age: 30, team: 'ops', tags: ['a'] },
  { name: 'alice', age: 25, team: 'dev', tags: [] },
  { name: 'Carol', age: 35, team: 'Ops', tags: ['b', 'c'] },
  { name: 'dave', age: 25, team: 'dev' },
];

const cases: DiffCase[] = [
  {
    name: 'tojson sorts keys, escapes html and non-ascii',
    template: '{{ d | tojson }}\n{{ [1, "x", none, true, 2.5] | tojson }}\n{{ "é<>&\'\\"\\n" | tojson }}\n{{ {} | tojson }} {{ [] | tojson }}\n',
    context: { d: { b: [1, { z: 1, a: 2 }], a: 'x', c: null } },
  },
  { name: 'tojson of astral and control characters', template: '{{ s | tojson }}\n', context: { s: 'smile 😀 \u2028 \u0001 \u007f tab\t' } },
  {
    name: 'to_yaml of scalars YAML 1.1 would misread',
    template: '{{ d | to_yaml }}',
    context: { d: { a: 'yes', b: 'off', c: 'null', d: '1.5', e: '', f: ' lead', g: 'a: b', h: '#x', i: 'true', k: '~', l: '2024-01-01' } },
  },
  { name: 'tojson with indent', template: '{{ d | tojson(indent=2) }}\n{{ d | to_json }}\n', context: { d: { b: [1, 2], a: {}, c: { x: [] } } } },
  {
    name: 'to_yaml of nested data',
    template: '{{ d | to_yaml }}---\n{{ l | to_yaml }}',
    context: {
      d: {
        name: 'x',
        labels: { app: 'web', 'app.kubernetes.io/name': 'web' },
        ports: [{ port: 80, name: 'http' }],
        empty: {},
        none: null,
        flag: true,
        ratio: 1.5,
        quoted: 'yes',
        num: '123',
        star: '*',
      },
      l: ['a', 1, [2, 3]],
    },
  },
  { name: 'to_yaml with indent argument', template: '{{ d | to_yaml(indent=4) }}', context: { d: { a: { b: { c: 1 } }, l: [1, 2] } } },
  { name: 'b64encode, b64decode and sha256', template: '{{ "héllo:world" | b64encode }} {{ "aGVsbG8=" | b64decode }} {{ "abc" | sha256 }}\n' },
  {
    name: 'indent with first and blank',
    template:
      '{{ s | indent }}|\n{{ s | indent(2, true) }}|\n{{ s | indent(2, first=True, blank=True) }}|\n{{ "a\\nb\\n" | indent(3) }}|\n{{ s | indent("> ") }}\n{{ s | indent("$1$&$$") }}\n',
    context: { s: 'one\n\ntwo\n  three' },
  },
  {
    name: 'indent edge cases',
    template:
      '{% for s in ["", "\\n", "\\n\\na", "a\\n\\n", "\\nx\\n", "a\\r\\nb"] %}[{{ s | indent(2) }}|{{ s | indent(2, blank=true) }}|{{ s | indent(1, true) }}]\n{% endfor %}',
  },
  {
    name: 'default with and without boolean',
    template:
      '{{ missing | default("d") }} {{ none | default("d") }} {{ "" | default("d") }} {{ "" | default("d", true) }} {{ 0 | d("z", boolean=true) }} {{ x | default(5) }}\n',
    context: { x: 1 },
  },
  {
    name: 'join with attribute',
    template: '{{ [1, 2, 3] | join(", ") }} {{ people | join("/", attribute="name") }} {{ [True, None] | join }}\n',
    context: { people },
  },
  {
    name: 'map attribute and filter name',
    template:
      '{{ people | map(attribute="name") | list }} {{ people | map(attribute="tags.0", default="-") | list }} {{ ["a", "b"] | map("upper") | join }} {{ [" x ", "y "] | map("trim") | list }} {{ ["a-b"] | map("replace", "-", "_") | list }}\n',
    context: { people },
  },
  {
    name: 'select and reject with tests',
    template:
      '{{ [1, 2, 3, 4, 5] | select("odd") | list }} {{ [1, 2, 3, 4] | reject("even") | list }} {{ [0, 1, "", "a", none, []] | select | list }} {{ [1, 5, 10] | select("gt", 3) | list }} {{ [1, 2, 3] | select("in", [2, 3]) | list }} {{ ["a", "b"] | reject("equalto", "a") | list }}\n',
  },
  {
    name: 'selectattr and rejectattr',
    template:
      '{{ people | selectattr("age", "eq", 25) | map(attribute="name") | list }} {{ people | rejectattr("team", "equalto", "dev") | map(attribute="name") | join(",") }} {{ people | selectattr("tags", "defined") | selectattr("tags") | map(attribute="name") | list }}\n',
    context: { people },
  },
  {
    name: 'dictsort by key and value',
    template: '{{ d | dictsort }} {{ d | dictsort(by="value") }} {{ d | dictsort(reverse=true) }} {{ d | dictsort(true) }}\n',
    context: { d: { b: 2, A: 3, c: 1 } },
  },
  {
    name: 'items and dict methods',
    template:
      '{{ d | items | list }} {% for k, v in d | items %}{{ k }}{{ v }}{% endfor %} {{ d.keys() | list }} {{ d.values() | list }} {{ d.get("a") }} {{ d.get("z", "none") }} {{ d.get("z") }}\n',
    context: { d: { a: 1, b: 2 } },
  },
  {
    name: 'unique, min and max',
    template:
      '{{ ["a", "A", "b", "a"] | unique | list }} {{ ["a", "A"] | unique(case_sensitive=true) | list }} {{ people | unique(attribute="age") | map(attribute="name") | list }} {{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }} {{ ["b", "A", "c"] | max }} {{ people | min(attribute="age") }}\n',
    context: { people },
  },
  {
    name: 'groupby',
    template:
      '{% for group in people | groupby("team") %}{{ group.grouper }}: {{ group.list | map(attribute="name") | join(",") }}; {% endfor %}\n{% for team, members in people | groupby("age") %}{{ team }}={{ members | length }} {% endfor %}\n{{ people | groupby("team", case_sensitive=true) | map(attribute="grouper") | list }}\n',
    context: { people },
  },
  {
    name: 'sort',
    template:
      '{{ [3, 1, 2] | sort }} {{ ["b", "A", "c"] | sort }} {{ ["b", "A", "c"] | sort(case_sensitive=true) }} {{ [3, 1, 2] | sort(reverse=true) }} {{ people | sort(attribute="age,name") | map(attribute="name") | list }}\n',
    context: { people },
  },
  {
    name: 'length, count, list, first, last, reverse',
    template:
      '{{ [1, 2] | length }} {{ "abc" | length }} {{ {"a": 1} | length }} {{ [1] | count }} {{ "ab" | list }} {{ {"x": 1} | list }} {{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ "abc" | reverse }} {{ [1, 2] | reverse | list }}\n',
  },
  {
    name: 'int, float, string, abs, round, sum',
    template:
      '{{ "42" | int }} {{ "4.7" | int }} {{ "x" | int }} {{ "x" | int(7) }} {{ 3.9 | int }} {{ "0x1A" | int(base=16) }} {{ true | int }} {{ "2.5" | float * 3 }} {{ 5 | string ~ "!" }} {{ -3 | abs }} {{ 2.5 | round | int }} {{ 3.14159 | round(2) }} {{ [1, 2, 3] | sum }} {{ people | sum(attribute="age") }}\n',
    context: { people },
  },
  {
    name: 'replace, lower, upper, trim, title, capitalize',
    template:
      '{{ "a-b-c" | replace("-", "_") }} {{ "a-b-c" | replace("-", "", 1) }} {{ "AbC" | lower }} {{ "abc" | upper }} [{{ "  x  " | trim }}] [{{ "xxhixx" | trim("x") }}] {{ "hello big-world (of) x" | title }} {{ "hELLO World" | capitalize }}\n',
  },
  {
    name: 'truncate, center, wordcount, format',
    template:
      '{{ "hello world foo bar" | truncate(11) }} {{ "hello world foo bar baz qux" | truncate(9, true) }} [{{ "ab" | center(6) }}] {{ "one two, three" | wordcount }} {{ "%s=%d" | format("a", 3) }} {{ "%(x)s!" | format(x=1) }}\n',
  },
  {
    name: 'urlencode strings, dicts and pairs',
    template:
      '{{ "a b/c?d=é&!*\'()" | urlencode }} {{ {"q": "a b", "x/y": "1&2"} | urlencode }} {{ [["k", "v w"], ["n", 1]] | urlencode }} {{ 42 | urlencode }}\n',
  },
  {
    name: 'batch and slice',
    template:
      '{{ [1, 2, 3, 4, 5] | batch(2) | list }} {{ [1, 2, 3] | batch(2, "x") | list }} {{ [1, 2, 3, 4, 5] | slice(2) | list }} {{ [1, 2, 3, 4] | slice(3, 0) | list }}\n',
  },
  { name: 'attr filter on a dict finds no keys', template: '{{ d | attr("a") }}\n', context: { d: { a: 5 } } },
  { name: 'attr filter finds methods', template: '{{ (d | attr("keys"))() | list }} {{ "x" | attr("upper") is callable }}\n', context: { d: { a: 5 } } },
  {
    name: 'tests none, defined, undefined, mapping, string, number, sequence',
    template:
      '{{ none is none }} {{ 0 is none }} {{ x is defined }} {{ nope is undefined }} {{ d is mapping }} {{ l is mapping }} {{ "s" is string }} {{ 1 is string }} {{ 1 is number }} {{ 1.5 is number }} {{ "1" is number }} {{ l is sequence }} {{ "s" is sequence }} {{ d is sequence }} {{ 3 is sequence }}\n',
    context: { x: 1, d: {}, l: [] },
  },
  {
    name: 'tests in, eq, odd, even, divisibleby, sameas, boolean, integer',
    template:
      '{{ 2 is in [1, 2] }} {{ "a" is in "cat" }} {{ 1 is eq 1 }} {{ 1 is eq(2) }} {{ 3 is odd }} {{ 3 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ false is sameas false }} {{ true is boolean }} {{ 1 is boolean }} {{ 1 is integer }} {{ true is integer }} {{ 1.5 is float }} {{ x is not none }}\n',
    context: { x: 1 },
  },
  {
    name: 'tests lower, upper, callable, iterable, comparisons',
    template:
      '{{ "abc" is lower }} {{ "ABC" is upper }} {{ range is callable }} {{ "x" is callable }} {{ [1] is iterable }} {{ 3 is gt 2 }} {{ 3 is ge 3 }} {{ 1 is lt 0 }} {{ 1 is le 1 }} {{ 1 is ne 2 }}\n',
  },
  {
    name: 'filters chained in kubernetes style',
    template:
      '{% set ports = services | selectattr("port", "defined") | map(attribute="port") | unique | sort | list %}\nports: {{ ports | tojson }}\nnames: {{ services | map(attribute="name") | map("lower") | join(",") }}\n{% for s in services | sort(attribute="name") if s.port is defined %}\n- {{ s.name }}:{{ s.port }}\n{% endfor %}\n',
    context: { services: [{ name: 'B', port: 80 }, { name: 'a', port: 443 }, { name: 'C' }, { name: 'd', port: 80 }] },
  },
];

describeDifferential({ 'jinja2 filters and tests': cases });
