/** Recursive loops (`for ... recursive`, `loop(...)`), rendered by jinja2 3.1 and by the engine, compared byte for byte. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const tree = [
  {
    name: 'a',
    children: [
      { name: 'a1', children: [] },
      { name: 'a2', children: [{ name: 'a2x', children: [] }] },
    ],
  },
  { name: 'b', children: [] },
];

const recursive: DiffCase[] = [
  {
    name: 'loop(children) renders the body one level deeper',
    template: '{% for n in tree recursive %}[{{ n.name }}{% if n.children %}<{{ loop(n.children) }}>{% endif %}]{% endfor %}\n',
    context: { tree },
  },
  {
    name: 'depth, depth0, index and length per level',
    template: '{% for n in tree recursive %}{{ loop.depth }}.{{ loop.depth0 }}:{{ loop.index }}/{{ loop.length }} {{ loop(n.children) }}{% endfor %}\n',
    context: { tree },
  },
  {
    name: 'previtem and nextitem per level',
    template:
      '{% for n in tree recursive %}({{ loop.previtem.name if loop.previtem is defined else "-" }},{{ n.name }},{{ loop.nextitem.name if loop.nextitem is defined else "-" }}){{ loop(n.children) }}{% endfor %}\n',
    context: { tree },
  },
  {
    name: 'the loop filter applies at every level',
    template: '{% for n in tree if n.name != "a1" recursive %}{{ n.name }} {{ loop(n.children) }}{% endfor %}\n',
    context: { tree },
  },
  {
    name: 'else renders for an empty level',
    template: '{% for n in tree recursive %}{{ n.name }}({{ loop(n.children) }}){% else %}-{% endfor %}\n',
    context: { tree },
  },
  {
    name: 'indentation by depth with whitespace control',
    template: '{% for n in tree recursive %}\n{{ "  " * loop.depth0 }}- {{ n.name }}\n{% if n.children %}\n{{ loop(n.children) }}{% endif %}\n{% endfor %}\n',
    context: { tree },
  },
  {
    name: 'an inner non-recursive loop keeps its own loop variable',
    template: '{% for n in tree recursive %}{{ n.name }}{% for c in n.children %}{{ loop.index }}{% endfor %};{{ loop(n.children) }}{% endfor %}\n',
    context: { tree },
  },
  {
    name: 'loop variables set in the body stay in their level',
    template: '{% for n in tree recursive %}{% set label = n.name ~ "!" %}{{ loop(n.children) }}{{ label }} {% endfor %}\n',
    context: { tree },
  },
  { name: 'the iterable may use the loop variable name', template: '{% for x in x.y recursive %}{{ x }}{% endfor %}\n', context: { x: { y: [0, 1, 2] } } },
  { name: 'calling a loop that is not recursive fails', template: '{% for n in [1] %}{{ loop([]) }}{% endfor %}\n' },
  {
    name: 'a recursive loop inside a macro',
    template:
      '{% macro list(items) %}{% for i in items recursive %}<{{ i.v }}{{ loop(i.c) if i.c is defined }}>{% endfor %}{% endmacro %}{{ list([{"v": 1, "c": [{"v": 2}]}, {"v": 3}]) }}\n',
  },
];

describeDifferential({ 'jinja2 recursive loops': recursive });
