/** Python's int and float: printing, arithmetic, filters and formatting, rendered by jinja2 3.1 and by the engine, compared byte for byte. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const floats: DiffCase[] = [
  {
    name: 'float literals with an integral value print as floats',
    template: '{{ 1.0 }} {{ 1e0 }} {{ 10e1 }} {{ -0.0 }} {{ 2.5e100 }} {{ 1_2.3_4e5_6 }} {{ 1e16 }} {{ 1e15 }} {{ 123456789.0 }} {{ 1e-5 }}\n',
  },
  {
    name: 'division is always a float',
    template: '{{ 10 / 2 }} {{ 1 / 4 }} {{ -6 / 3 }} {{ 0 / 5 }} {{ 7.0 // 2 }} {{ 7 // 2.0 }} {{ 7.0 % 2 }} {{ -7.5 % 2 }}\n',
  },
  {
    name: 'a float operand makes a float result',
    template:
      '{{ 1.5 + 1.5 }} {{ 2.0 * 3 }} {{ 5 - 2.0 }} {{ 2 ** 0.5 * 2 ** 0.5 | round }} {{ 2 ** -1 }} {{ 2.0 ** 2 }} {{ -(2.0) }} {{ [1.0, 2] }} {{ (1.0,) }} {{ {"a": 3.0} }}\n',
  },
  {
    name: 'floats compare and test like Python',
    template:
      '{{ 1 == 1.0 }} {{ 2.0 in [1, 2] }} {{ 1.0 < 2 }} {{ 0.0 is number }} {{ 1.0 is float }} {{ 1.0 is integer }} {{ 4.0 is even }} {{ 3.0 is odd }} {{ 9.0 is divisibleby 3 }} {{ "y" if 0.0 else "n" }} {{ 0.0 or "empty" }}\n',
  },
  {
    name: 'float, round, abs and int filters',
    template:
      '{{ "42" | float }} {{ "abc" | float }} {{ "abc" | float(default=1.0) }} {{ 2 | float }} {{ 2.7 | round }} {{ 2.1 | round }} {{ 2.1 | round(0, "ceil") }} {{ 21.3 | round(-1) }} {{ 21.3 | round(-1, "floor") }} {{ 21 | round }} {{ 25 | round(-1) }} {{ -3.0 | abs }} {{ 3.9 | int }} {{ 2.0 | int }}\n',
  },
  {
    name: 'floats in collections',
    template:
      '{{ [1.5, 1.5, 3] | sum }} {{ [2.0, 1, 3] | max }} {{ [2.0, 1, 3.5] | min }} {{ [2.0, 1, 1.5] | sort }} {{ [1, 1.0, 2] | unique | list }} {{ [1.0, 2.0] | join(",") }} {{ [0.5, 0.5] | sum(start=1) }}\n',
  },
  {
    name: 'floats in formatting and serialisation',
    template:
      '{{ "%s %d %.2f %r" % (2.0, 2.0, 2.0, 2.0) }} {{ "{} {:.1f} {:5}|{:<6}|".format(3.0, 3.0, 3.0, 3.0) }} {{ 2.0 ~ "" }} {{ 2.0 | string }} {{ {"a": 2.0, "b": 1e20, "c": 0.5} | tojson }} {{ [1.0] | pprint }}\n',
  },
  {
    name: 'floats as macro arguments and loop values',
    template:
      '{% macro m(x, y=1.0) %}{{ x }}/{{ y }}{% endmacro %}{{ m(2.0) }} {% for x in [0.0, 1.0] %}{{ loop.index }}:{{ x }} {% endfor %}{% set ns = namespace(t=0) %}{% for x in [0.5, 0.5] %}{% set ns.t = ns.t + x %}{% endfor %}{{ ns.t }}\n',
  },
];

const ints: DiffCase[] = [
  {
    name: 'big ints stay exact',
    template:
      '{{ "12345678901234567890" | int }} {{ 10 ** 30 }} {{ 2 ** 64 - 1 }} {{ 12345678901234567890 }} {{ -(10 ** 20) }} {{ (10 ** 20) // 3 }} {{ (10 ** 20) % 7 }} {{ 9007199254740993 + 0 }}\n',
  },
  {
    name: 'big ints compare, test and format',
    template:
      '{{ 3 ** 40 + 1 > 3 ** 40 }} {{ 3 ** 40 == 3 ** 40 + 1 }} {{ (10 ** 100) is integer }} {{ (10 ** 100) is float }} {{ [3 ** 40, 1] | max }} {{ "%d|%s" % (3 ** 40, 3 ** 41) }} {{ "{}".format(3 ** 42) }} {{ -(3 ** 40) | abs }} {{ (3 ** 43) | tojson }} {{ (3 ** 40) | string }}\n',
  },
  { name: 'a big int and a float give a float', template: '{{ 10 ** 20 + 0.5 }} {{ 10 ** 20 / 10 ** 10 }} {{ 2 ** 53 + 1.0 }}\n' },
  {
    name: 'integer edge cases keep working',
    template: '{{ 0x1F + 0 }} {{ -7 // 2 }} {{ 7 % -3 }} {{ 2 ** 10 }} {{ 3 * 4 }} {{ 1 - 1 }} {{ true + 1 }} {{ [1, 2][-1] }} {{ "ab" * 2 }}\n',
  },
];

describeDifferential({ 'python floats': floats, 'python ints': ints });
