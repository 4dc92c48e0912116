/** Python printing, formatting and methods inside templates, rendered by jinja2 3.1 and by the engine. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const cases: DiffCase[] = [
  {
    name: 'True, False and None print Python-style',
    template: '{{ true }} {{ false }} {{ none }} {{ True }} {{ x }} {{ n }}\n',
    context: { x: false, n: null },
  },
  {
    name: 'lists and dicts print as Python repr',
    template: '{{ [1, "a", true, none, 2.5] }} {{ {"k": "v", "n": [1, {"x": none}]} }} {{ l }} {{ d }} {{ [] }} {{ {} }}\n',
    context: { l: ["it's", 'say "hi"', 'both \' "', 'tab\tnl\n\\'], d: { a: [1, 2] } },
  },
  {
    name: 'numbers print like Python',
    template: '{{ 1 }} {{ -3 }} {{ 2.5 }} {{ 0.1 + 0.2 }} {{ 0.00001 }} {{ 123456789012 }} {{ 10 / 4 }} {{ 1.5 * 3 }} {{ 7 // 2 }}\n',
  },
  {
    name: 'null is a name, none and None are None',
    template: '{{ null is defined }} {{ none is none }} {{ None is none }} {{ null }}\n',
    context: { null: 'N' },
  },
  {
    name: 'python number literals',
    template: '{{ 1.5e-3 }} {{ 1e3 | int }} {{ 2E2 + 0.5 }} {{ 1_000 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 2.5e+1 + 0.5 }} {{ [1e-1, 3] }}\n',
  },
  {
    name: 'percent formatting with a tuple',
    template:
      '{{ "%s-%s" % ("a", 1) }} {{ "%d items" % 3 }} {{ "%5.2f|%-5s|%05d|%x|%o|%e" % (3.14159, "ab", 42, 255, 8, 12345.678) }} {{ "%r" % "q" }} {{ "%s" % [1, 2] }} {{ "100%%" % () }}\n',
  },
  {
    name: 'percent formatting with a single value and a dict',
    template: '{{ "v=%s" % x }} {{ "%(a)s/%(b)05.1f" % {"a": "x", "b": 2.25} }} {{ "%+d %+d" % (5, -5) }} {{ "%s" % none }} {{ "%s" % true }}\n',
    context: { x: 'one' },
  },
  {
    name: 'str.format',
    template:
      '{{ "{}-{}".format("a", 1) }} {{ "{1}{0}".format("a", "b") }} {{ "{name}!".format(name="x") }} {{ "{:>5}|{:<5}|{:^5}|{:05d}|{:.2f}|{:,}".format("r", "l", "c", 42, 3.14159, 1234567) }} {{ "{{literal}}".format() }} {{ "{!r}".format("s") }} {{ "{0[k]}".format(d) }}\n',
    context: { d: { k: 'v' } },
  },
  { name: 'str.format attribute of a dict fails', template: '{{ "{0.k}".format(d) }}\n', context: { d: { k: 'v' } } },
  {
    name: 'fixed-point formatting rounds the exact binary value half to even',
    template: '{{ "%.1f %.1f %.2f %.0f %.0f %.3f" % (2.25, 0.35, 1.005, 0.5, 1.5, 2.0005) }} {{ "{:.1f}".format(2.25) }}\n',
  },
  {
    name: 'split and rsplit',
    template:
      '{{ "a,b,,c".split(",") }} {{ "  a  b c ".split() }} {{ "a,b,c".split(",", 1) }} {{ "a,b,c".rsplit(",", 1) }} {{ "a b  c".rsplit(None, 1) }} {{ "".split(",") }} {{ "x".split() }}\n',
  },
  {
    name: 'startswith, endswith, strip family',
    template:
      '{{ "hello".startswith("he") }} {{ "hello".startswith(("x", "h")) }} {{ "hello".endswith("lo") }} [{{ "  x ".strip() }}] [{{ "  x ".lstrip() }}] [{{ "  x ".rstrip() }}] [{{ "--x--".strip("-") }}] [{{ "xyhixy".strip("xy") }}]\n',
  },
  {
    name: 'case methods, replace, join, count, find',
    template:
      '{{ "aBc".upper() }} {{ "aBc".lower() }} {{ "hello world-wide".title() }} {{ "hELLO".capitalize() }} {{ "aaa".replace("a", "b", 2) }} {{ "-".join(["a", "b"]) }} {{ ", ".join(l) }} {{ "banana".count("an") }} {{ "banana".find("n") }} {{ "banana".find("z") }}\n',
    context: { l: ['x', 'y'] },
  },
  {
    name: 'more string methods',
    template:
      '{{ "42".zfill(5) }} {{ "ab".ljust(4, ".") }}| {{ "ab".rjust(4) }} {{ "a=b=c".partition("=") }} {{ "prefix-x".removeprefix("prefix-") }} {{ "123".isdigit() }} {{ "ab".isalpha() }} {{ "a\\nb".splitlines() }} {{ "AbC".swapcase() }}\n',
  },
  {
    name: 'list methods and negative indexes',
    template:
      '{% set l = [3, 1, 2] %}{{ l.index(1) }} {{ l.count(3) }} {{ l[-1] }} {{ l.append(4) }} {{ l }} {% set _ = l.extend([5]) %}{{ l | length }} {{ l.pop() }} {{ l }}\n',
  },
  { name: 'string concatenation and str of values', template: '{{ "n=" ~ 1 ~ " b=" ~ true ~ " x=" ~ none ~ " l=" ~ [1] }} {{ "a" + "b" }}\n' },
  { name: 'string index and iteration', template: '{{ "hello"[0] }}{{ "hello"[-1] }} {% for c in "abc" %}{{ c }}.{% endfor %}\n' },
  {
    name: 'attribute lookup on dict prefers methods, item lookup prefers keys',
    template: '{{ d["items"] }} {{ d.items() | list }} {{ d.values is callable }} {{ d["values"] }}\n',
    context: { d: { items: 'I', values: 'V' } },
  },
  {
    name: 'namespace with nested updates',
    template:
      '{% set ns = namespace(found=false, first=none) %}{% for x in [4, 7, 9] %}{% if x is odd and not ns.found %}{% set ns.found = true %}{% set ns.first = x %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.first }}\n',
  },
];

describeDifferential({ 'python values in templates': cases });
