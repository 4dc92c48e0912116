/** pprint, filesizeformat, wordwrap, xmlattr and urlize, rendered by jinja2 3.1 and by the engine, compared byte for byte. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.';

const pprint: DiffCase[] = [
  {
    name: 'short values print their repr, dicts sorted',
    template: '{{ 1 | pprint }}|{{ "a\'b" | pprint }}|{{ [1, "x", none, true] | pprint }}|{{ {"b": 1, "a": [2, 3]} | pprint }}|{{ (1,) | pprint }}\n',
  },
  { name: 'a long list, one item per line', template: '{{ range(30) | list | pprint }}\n' },
  {
    name: 'a long nested dict',
    template: '{{ data | pprint }}\n',
    context: {
      data: {
        zeta: { items: Array.from({ length: 12 }, (_, i) => `item-${i}`), name: 'z' },
        alpha: [
          { key: 'value', other: 'another value' },
          { key: 'second', other: 'x'.repeat(70) },
        ],
      },
    },
  },
  {
    name: 'a long string splits into literals',
    template: '{{ text | pprint }}\n{{ [text] | pprint }}\n{{ {"k": text ~ "\\n" ~ text} | pprint }}\n',
    context: { text: long },
  },
  {
    name: 'tuples of tuples',
    template: '{{ d | dictsort | pprint }}\n',
    context: { d: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`key${i}`, `value number ${i}`])) },
  },
];

const filesize: DiffCase[] = [
  {
    name: 'decimal and binary units',
    template:
      '{% for n in [0, 1, 2, 999, 1000, 1023, 1024, 1500, 999999, 1000000, 123456789, 10 ** 12, 10 ** 15, 10 ** 18, 10 ** 21, 10 ** 24, 10 ** 27] %}{{ n | filesizeformat }}/{{ n | filesizeformat(true) }} {% endfor %}\n',
  },
  {
    name: 'strings and floats',
    template: '{{ "2048" | filesizeformat }} {{ 1.5 | filesizeformat }} {{ 2250 | filesizeformat }} {{ 2350 | filesizeformat(binary=true) }}\n',
  },
  { name: 'a non-numeric string fails', template: '{{ "big" | filesizeformat }}\n' },
];

const wordwrap: DiffCase[] = [
  {
    name: 'wraps at the width, keeps paragraphs',
    template: '{{ text | wordwrap(30) }}\n--\n{{ "short\\n\\nlines here" | wordwrap(8) }}\n',
    context: { text: long },
  },
  {
    name: 'long words are cut unless told not to',
    template: '{{ "a " ~ "x" * 25 ~ " b" | wordwrap(10) }}|{{ "a " ~ "x" * 25 ~ " b" | wordwrap(10, false) }}\n',
  },
  {
    name: 'hyphenated words break after the hyphen',
    template: '{{ "a well-known long-winded self-explanatory thing" | wordwrap(12) }}|{{ "well-known long-winded" | wordwrap(12, break_on_hyphens=false) }}\n',
  },
  { name: 'a custom wrapstring and em-dashes', template: '{{ "one two--three four five six" | wordwrap(9, wrapstring="<br>") }}\n' },
  { name: 'whitespace runs inside lines are kept', template: '{{ "a  b   c    d     e" | wordwrap(5) }}\n' },
];

const html: DiffCase[] = [
  {
    name: 'xmlattr escapes and skips none',
    template: '<ul{{ {"class": "a b", "id": none, "data-x": "<&\\">", "n": 3} | xmlattr }}>|{{ {"a": 1} | xmlattr(false) }}|{{ {} | xmlattr }}|\n',
  },
  { name: 'xmlattr refuses a key with a space', template: '{{ {"a b": 1} | xmlattr }}\n' },
  {
    name: 'urlize links urls, domains and emails',
    template: '{{ "see http://example.com/a?b=c, www.example.org. or mail me@example.com (or https://x.io/p_(1)) <http://a.b>" | urlize }}\n',
  },
  {
    name: 'urlize options',
    template:
      '{{ "http://example.com/a/very/long/path ftp://host tel:+1-555" | urlize(20, true, target="_blank", rel="external", extra_schemes=["ftp:", "tel:"]) }}\n',
  },
  {
    name: 'urlize escapes the text and leaves other words',
    template: '{{ "<b> a&b example.com mailto:x@y.org @me word@ 1.2.3.4 http://10.0.0.1:8080/x" | urlize }}\n',
  },
];

describeDifferential({ 'jinja2 pprint': pprint, 'jinja2 filesizeformat': filesize, 'jinja2 wordwrap': wordwrap, 'jinja2 xmlattr and urlize': html });
