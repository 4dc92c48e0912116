/**
 * Jinja2's own test suite as part of ours (scripts/jinja2-suite): every template that
 * jinja2 3.1.6's tests render, fitting our configuration and contract, renders here as
 * Jinja2 renders it, or is listed in known-differences.yml with its cause (presented in
 * docs/templates.md). `node scripts/jinja2-suite/suite.mjs` prints the cases and the figure.
 */
import { describe, expect, it } from 'vitest';
import { compareCases, differs, figure, summarize } from '../../scripts/jinja2-suite/compare.mjs';
import { checkKnown, loadKnown } from '../../scripts/jinja2-suite/known.mjs';
import { recordedCases } from '../../scripts/jinja2-suite/reference.mjs';
import type { SuiteCase } from '../../scripts/jinja2-suite/types.mjs';
import { createTemplateEngine } from '../../src/render/engine/index.js';
import { repositoryFilters, scopeGlobals } from '../../src/render/render-scope.js';
import { once } from '../../src/render/engine/jinja-reference.test-helper.js';

/** As `deployment-all template` makes its engine: the repository's globals and filters too. */
function makeEngine(searchPaths: string[], globals: Record<string, unknown>) {
  return createTemplateEngine({ searchPaths, globals: { ...scopeGlobals({}), ...globals }, filters: repositoryFilters() });
}

// Recording runs Jinja2's tests under pytest (about 10 s, then cached); rendering takes a few.
const SUITE_TIMEOUT_MS = 180_000;
const suite = once(() => {
  const recorded = recordedCases();
  return { recorded, results: compareCases(recorded.cases, makeEngine) };
});

function stringCase(source: string, reference: SuiteCase['reference']): SuiteCase {
  return { id: `case ${source}`, name: null, source, templates: {}, globals: {}, context: {}, reference };
}

describe("Jinja2's test suite", () => {
  it(
    'records the templates of every test file, strings and loaders alike',
    () => {
      const { recorded } = suite();
      const files = new Set(recorded.cases.map((c) => c.id.split('::')[0]));
      expect(recorded.jinja2).toBe('3.1.6');
      expect(recorded.cases.length).toBeGreaterThan(500);
      expect(files).toContain('tests/test_filters.py');
      expect(files).toContain('tests/test_inheritance.py');
      expect(recorded.cases.some((c) => c.name === null)).toBe(true);
      expect(recorded.cases.some((c) => c.name !== null && Object.keys(c.templates).length > 1)).toBe(true);
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'renders every case as Jinja2 does, except the deliberate differences (known-differences.yml)',
    () => {
      const { results } = suite();
      const problems = checkKnown(results, loadKnown());
      expect(problems, figure(summarize(results))).toEqual([]);
    },
    SUITE_TIMEOUT_MS,
  );
});

describe('the comparison', () => {
  const engine = (searchPaths: string[]) => createTemplateEngine({ searchPaths });

  it('tells identical output, different output and an error mismatch apart', () => {
    const results = compareCases(
      [
        stringCase('{{ 1 + 1 }}', { ok: true, output: '2' }),
        stringCase('{{ 1 + 1 }}', { ok: true, output: '3' }),
        stringCase('{{ missing }}', { ok: true, output: '' }),
      ],
      engine,
    );
    expect(results.map((r) => r.kind)).toEqual(['identical', 'different', 'error-mismatch']);
    expect(results.map(differs)).toEqual([false, true, true]);
    expect(figure(summarize(results))).toBe('3 cases: 1 identical, 1 different, 1 error mismatches, 0 both fail (0 same reason)');
  });

  it('counts a failure on both sides as agreement only for the same reason', () => {
    const results = compareCases(
      [
        stringCase('{{ missing }}', { ok: false, error: 'UndefinedError', message: "'missing' is undefined" }),
        stringCase('{{ missing }}', { ok: false, error: 'TemplateSyntaxError', message: 'unexpected end of template' }),
        stringCase('{{ x | nosuchfilter }}', { ok: false, error: 'TemplateAssertionError', message: "No filter named 'nosuchfilter'." }),
      ],
      engine,
    );
    expect(results.map((r) => r.kind)).toEqual(['same-failure', 'other-failure', 'same-failure']);
  });

  it('reports a listed case that no longer differs, and a difference nobody listed', () => {
    const results = compareCases([stringCase('{{ 1 }}', { ok: true, output: '1' }), stringCase('{{ 2 }}', { ok: true, output: '3' })], engine);
    const known = { causes: { 'some-cause': 'why' }, cases: { 'case {{ 1 }}': 'some-cause' } };
    expect(checkKnown(results, known, 'the `some-cause` row')).toEqual([
      'case {{ 2 }}: different, not in scripts/jinja2-suite/known-differences.yml; fix the engine or list it with a cause',
      'case {{ 1 }}: listed in known-differences.yml but now identical; remove it',
    ]);
  });
});
