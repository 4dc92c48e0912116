/** The public API: options, globals and filters, caching, search paths, rendering strings. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine, TemplateError } from './index.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'engine-api-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('createTemplateEngine', () => {
  it('makes globals visible in imported macro files', () => {
    const dir = tree({ 'macros.j2': '{% macro image(name) %}{{ registry }}/{{ name }}:{{ cki_variable("tag") }}{% endmacro %}' });
    const engine = createTemplateEngine({ searchPaths: [dir], globals: { registry: 'quay.io/cki', cki_variable: (name: string) => `v-${name}` } });
    expect(engine.renderString('{% from "macros.j2" import image %}{{ image("herder") }}', {}, 'inline.j2')).toBe('quay.io/cki/herder:v-tag');
  });

  it('passes positional and keyword filter arguments', () => {
    const seen: unknown[][] = [];
    const engine = createTemplateEngine({
      searchPaths: [],
      filters: {
        tag: (value: unknown, ...args: unknown[]) => {
          seen.push(args);
          return `${String(value)}!`;
        },
      },
    });
    expect(engine.renderString('{{ "a" | tag(1, mode="x") }}', {}, 't.j2')).toBe('a!');
    expect(seen).toEqual([[1, { mode: 'x', __keywords: true }]]);
  });

  it('accepts globals and filters added after creation', () => {
    const engine = createTemplateEngine({ searchPaths: [] });
    engine.addGlobal('env_name', 'staging');
    engine.addFilter('shout', (s: string) => s.toUpperCase());
    expect(engine.renderString('{{ env_name | shout }}', {}, 't.j2')).toBe('STAGING');
  });

  it('searches the paths in order and renders absolute paths', () => {
    const first = tree({ 'a.j2': 'first {% include "b.j2" %}' });
    const second = tree({ 'a.j2': 'second', 'b.j2': 'b from second' });
    const engine = createTemplateEngine({ searchPaths: [first, second] });
    expect(engine.renderFile('a.j2', {})).toBe('first b from second');
    expect(engine.renderFile(path.join(second, 'a.j2'), {})).toBe('second');
  });

  it('caches compiled templates for the engine lifetime', () => {
    const dir = tree({ 'a.j2': 'one {{ x }}' });
    const engine = createTemplateEngine({ searchPaths: [dir] });
    expect(engine.renderFile('a.j2', { x: 1 })).toBe('one 1');
    writeFileSync(path.join(dir, 'a.j2'), 'two {{ x }}');
    expect(engine.renderFile('a.j2', { x: 2 })).toBe('one 2');
    expect(createTemplateEngine({ searchPaths: [dir] }).renderFile('a.j2', { x: 3 })).toBe('two 3');
  });

  it('renders the same source string repeatedly with different contexts', () => {
    const engine = createTemplateEngine({ searchPaths: [] });
    const source = '{% for p in ports %}{{ p }}{{ "," if not loop.last }}{% endfor %}\n';
    // trim_blocks removes the newline after {% endfor %}.
    expect(engine.renderString(source, { ports: [1, 2] }, 'ports.j2')).toBe('1,2');
    expect(engine.renderString(source, { ports: [] }, 'ports.j2')).toBe('');
  });

  it('does not modify the context object', () => {
    const context = { a: 1 };
    const engine = createTemplateEngine({ searchPaths: [] });
    expect(engine.renderString('{% set a = 2 %}{% set b = 3 %}{{ a }}{{ b }}', context, 't.j2')).toBe('23');
    expect(context).toEqual({ a: 1 });
  });

  it('names the template given to renderString in errors', () => {
    const engine = createTemplateEngine({ searchPaths: [] });
    let error: unknown;
    try {
      engine.renderString('ok\n{{ nope }}', {}, 'projects/foo/project-vars.yml.j2');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({
      file: 'projects/foo/project-vars.yml.j2',
      line: 2,
      column: 4,
      message: `projects/foo/project-vars.yml.j2:2: 'nope' is undefined (define it, or guard it with "is defined" or "| default(...)")`,
    });
  });

  it.each([
    ['the do statement', '{% do [].append(1) %}', 'syntax error'],
    ['the autoescape tag', '{% autoescape true %}x{% endautoescape %}', 'syntax error'],
  ])('refuses %s (documented as unsupported) with a syntax error', (_name, source, message) => {
    const engine = createTemplateEngine({ searchPaths: [] });
    expect(() => engine.renderString(source, {}, 'unsupported.j2')).toThrow(TemplateError);
    expect(() => engine.renderString(source, {}, 'unsupported.j2')).toThrow(message);
  });
});
