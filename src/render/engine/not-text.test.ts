/**
 * A mapping marked notText() (the inventory entry `environment`) refuses to be
 * printed or compared with a string, naming the fix; every other use renders as
 * for a plain mapping, so a template that works here works the same under Jinja2.
 */
import { describe, expect, it } from 'vitest';
import { createTemplateEngine, notText, TemplateError } from './index.js';

const FIX = 'environment is the entry; write ENVIRONMENT for the name';
const entry = () => ({ name: 'production', namespace: 'cki', cluster: { name: 'prod' }, production: true });
const engine = createTemplateEngine({ searchPaths: [] });
const render = (template: string, environment: Record<string, unknown>) =>
  engine.renderString(template, { environment, ENVIRONMENT: 'production' }, 'vars.yml.j2');

describe('a notText mapping', () => {
  it.each([
    ['printed', 'image: {{ environment }}'],
    ['compared with ==', "{% if environment == 'production' %}x{% endif %}"],
    ['compared with == from the right', "{% if 'production' == environment %}x{% endif %}"],
    ['compared with !=', "{{ environment != 'staging' }}"],
    ['looked up in a list of names', "{{ environment in ['production', 'staging'] }}"],
    ['joined with ~', "{{ environment ~ '-x' }}"],
    ['passed to a string filter', '{{ environment | upper }}'],
    ['formatted with %', "{{ 'env=%s' % environment }}"],
    ['formatted with .format()', "{{ 'env={}'.format(environment) }}"],
    ['printed inside a list', '{{ [environment] }}'],
  ])('raises the fix when %s', (_what, template) => {
    const run = () => render(`a: 1\n${template}\n`, notText(entry(), FIX));
    expect(run).toThrow(TemplateError);
    expect(run).toThrow(`vars.yml.j2:2: ${FIX}`);
  });

  it('names the fix for a string method too', () => {
    expect(() => render("{{ environment.startswith('prod') }}", notText(entry(), FIX))).toThrow(`'dict object' has no attribute 'startswith'; ${FIX}`);
  });

  it.each([
    ['fields as attributes and items', "{{ environment.namespace }} {{ environment['cluster'].name }} {{ environment.name == ENVIRONMENT }}"],
    [
      'tojson, keys, length, items',
      '{{ environment | tojson }} {{ environment.keys() | list }} {{ environment | length }} {{ environment.items() | list | length }}',
    ],
    [
      'tests, truthiness, defaults',
      "{{ environment is mapping }} {{ 'production' if environment else 'none' }} {{ environment.storage_class | default('standard') }} {{ 'namespace' in environment }}",
    ],
    ['comparison with another mapping', '{{ environment == environment }} {{ environment == {} }}'],
  ])('renders %s exactly as an unmarked mapping', (_what, template) => {
    expect(render(template, notText(entry(), FIX))).toBe(render(template, entry()));
  });
});
