/** Template inheritance beyond extends/block/super, rendered by jinja2 3.1 and by the engine, compared byte for byte. */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

const base = { 'base.j2': '[{% for item in [1, 2] %}{% block item %}{% endblock %}{% endfor %}]\n' };

const blocks: DiffCase[] = [
  {
    name: 'a scoped block sees the loop variable',
    files: { 'base.j2': '{% for item in [1, 2] %}{% block item scoped %}{{ item }}{% endblock %}{% endfor %}\n' },
    template: '{% extends "base.j2" %}{% block item %}<{{ item }}>{{ super() }}{% endblock %}',
  },
  { name: 'a block without scoped does not see the loop variable', files: base, template: '{% extends "base.j2" %}{% block item %}{{ item }}{% endblock %}' },
  {
    name: 'a block sees top-level variables, not with-block ones',
    template: '{% set a = 1 %}{% with b = 2 %}{% block x %}{{ a }}{{ b is defined }}{% endblock %}{% endwith %}\n',
  },
  { name: 'a scoped block sees with-block variables', template: '{% with b = 2 %}{% block x scoped %}{{ b }}{% endblock %}{% endwith %}\n' },
  {
    name: 'a required block overridden by the child',
    files: { 'base.j2': '<{% block x required %}\n  {# only whitespace and comments #}\n{% endblock %}>\n' },
    template: '{% extends "base.j2" %}{% block x %}child{% endblock %}',
  },
  { name: 'a required block left undefined fails', files: { 'base.j2': '<{% block x required %}{% endblock %}>\n' }, template: '{% extends "base.j2" %}' },
  { name: 'a required block with content is a syntax error', template: '{% block x required %}text{% endblock %}\n' },
  {
    name: 'scoped and required together, in that order',
    files: { 'base.j2': '{% for item in [1] %}{% block x scoped required %}{% endblock %}{% endfor %}\n' },
    template: '{% extends "base.j2" %}{% block x %}{{ item }}{% endblock %}',
  },
  { name: 'required before scoped is a syntax error', template: '{% block x required scoped %}{% endblock %}\n' },
  { name: 'self renders a block again', template: '{% block title %}T{% endblock %}|{{ self.title() }}|{{ self.title() | lower }}\n' },
  {
    name: 'self renders the child override',
    files: { 'base.j2': '<title>{% block title %}base{% endblock %}</title><h1>{{ self.title() }}</h1>\n' },
    template: '{% extends "base.j2" %}{% block title %}child{% endblock %}',
  },
  { name: 'extends twice fails', files: { 'base.j2': 'base\n' }, template: '{% extends "base.j2" %}{% extends "base.j2" %}' },
  { name: 'endblock may repeat the name', template: '{% block x %}a{% endblock x %}\n' },
  {
    name: 'super() inside a filtered recursive loop keeps the loop filter and recursion',
    files: { 'base.j2': '{% block x %}B{% endblock %}\n' },
    template:
      '{% extends "base.j2" %}{% block x %}{% for n in [1, 0, [2, 0]] if n recursive %}{% if n is iterable %}({{ loop(n) }}){% else %}{{ n }}{{ super() }}{% endif %}{% endfor %}{% endblock %}',
  },
];

describeDifferential({ 'jinja2 block modifiers and self': blocks });
