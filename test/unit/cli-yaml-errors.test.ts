/**
 * A broken YAML line gives one problem, on the line to edit, saying what to do;
 * not one per token that follows it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const API = 'projects/api/project-vars.yml.j2';
const apiVars = readFileSync(join(FIXTURES, 'basic', API), 'utf8');

/** The api project's vars with one line changed. */
function broken(from: string, to: string): string {
  expect(apiVars).toContain(from);
  return apiVars.replace(from, to);
}

const cases: { name: string; vars: string; line: number; message: RegExp }[] = [
  {
    name: 'an extra closing bracket',
    vars: broken('  image: example.com/api', '  image: [example.com/api]]'),
    line: 4,
    message: /unexpected "\]"; remove it, or quote the whole value/,
  },
  { name: 'an extra closing brace', vars: broken('  image: example.com/api', '  image: {a: b}}'), line: 4, message: /unexpected "\}"/ },
  {
    name: 'an unclosed bracket',
    vars: broken('route: {cki_project_subdomain: api}', 'route: [cki_project_subdomain, api'),
    line: 13,
    message: /the "\[" opened here is never closed; add the closing \]/,
  },
  {
    name: 'an unclosed bracket before other lines',
    vars: broken('    - BROKER_PORT', '    - [BROKER_PORT'),
    line: 7,
    message: /the "\[" opened here is never closed/,
  },
  {
    name: 'an unclosed brace',
    vars: broken('route: {cki_project_subdomain: api}', 'route: {cki_project_subdomain: api'),
    line: 13,
    message: /the "\{" opened here is never closed; add the closing \}/,
  },
  {
    name: 'an unclosed double quote',
    vars: broken('  image: example.com/api', '  image: "example.com/api'),
    line: 4,
    message: /the " quote opened here is never closed; add the closing "/,
  },
  {
    name: 'an unclosed single quote',
    vars: broken('  image: example.com/api', "  image: 'example.com/api"),
    line: 4,
    message: /the ' quote opened here is never closed/,
  },
  {
    name: 'a list item indented too little',
    vars: broken('    - BROKER_PORT', '   - BROKER_PORT'),
    line: 7,
    message: /a list item where a key of the map above was expected; check the indentation/,
  },
  {
    name: 'a list item indented too much',
    vars: broken('  - port: 8080', '   - port: 8080'),
    line: 12,
    message: /all sequence items must start at the same column; line this one up/,
  },
  { name: 'a key indented too little', vars: broken('  variables:', ' variables:'), line: 5, message: /all mapping items must start at the same column/ },
  {
    name: 'a key indented too much',
    vars: broken('  variables:', '   variables:'),
    line: 5,
    message: /this key is indented deeper than the keys above it, so it continues the value of the line above/,
  },
  {
    name: 'a tab in the indentation',
    vars: broken('    - BROKER_PORT', '\t- BROKER_PORT'),
    line: 7,
    message: /a tab in the indentation; YAML indents with spaces only/,
  },
  {
    name: 'a stray colon in a value',
    vars: broken('  image: example.com/api', '  image: example.com: api'),
    line: 4,
    message: /a second ": " in a value starts a nested map; quote the value/,
  },
  {
    name: 'a reserved character',
    vars: broken('  image: example.com/api', '  image: @api'),
    line: 4,
    message: /cannot start with reserved character @; quote the value/,
  },
];

describe('a broken YAML line', () => {
  it.each(cases)('$name: one problem, on the line to edit', async ({ vars, line, message }) => {
    const root = makeRepo('basic', { [API]: vars });
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: 1 problem;');
    const problem = result.stderr.split('\n')[1] ?? '';
    expect(problem).toContain(`${API}:${line}: invalid YAML: `);
    expect(problem).toMatch(message);
  });

  it('keeps a duplicate key above the breakage, and nothing after it', async () => {
    const vars = broken('  image: example.com/api', '  image: example.com/api\n  image: example.com/other')
      .replace('    - BROKER_PORT', '    - [BROKER_PORT')
      .replace('    metrics: true', '    metrics: true\n    metrics: false');
    const root = makeRepo('basic', { [API]: vars });
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').slice(0, 3)).toEqual([
      'error: 2 problems; nothing was written or applied',
      `  ${API}:5: invalid YAML: key "image" is already in this map above; keep one of them`,
      `  ${API}:8: invalid YAML: the "[" opened here is never closed; add the closing ]`,
    ]);
  });

  it('in a raw template and in the inventory too', async () => {
    const root = makeRepo('basic', {
      'projects/api/extra.yml.j2': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: [b]]\n  c: d\n  e: f\n',
      'inventory/variables.yml': 'variables:\n  BROKER: "broker.example.com\n  BROKER_PORT: 5672\n',
    });
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: 1 problem;');
    expect(result.stderr).toContain('inventory/variables.yml:2: invalid YAML: the " quote opened here is never closed');
    const raw = await runCli([
      '--root',
      makeRepo('basic', { 'projects/api/extra.yml.j2': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: [b]]\n  c: d\n  e: f\n' }),
      'validate',
    ]);
    expect(raw.stderr).toContain('error: 1 problem;');
    expect(raw.stderr).toContain('projects/api/extra.yml.j2:5: invalid YAML: unexpected "]"');
  });
});
