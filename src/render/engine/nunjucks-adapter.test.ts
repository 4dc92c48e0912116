/** The seam to Nunjucks: the version guard and our node types kept out of Nunjucks' shared registry. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { DeploymentAllError } from '../../lib/errors.js';
import { createTemplateEngine } from './index.js';
import {
  checkNunjucksVersion,
  isNunjucksError,
  NunjucksVersionError,
  nunjucksErrorKind,
  nunjucksMessage,
  PINNED_NUNJUCKS_VERSION,
  syntaxError,
} from './nunjucks-adapter.js';
import { locate } from './template-error.js';

describe('the Nunjucks version guard', () => {
  it('accepts the pinned version', () => {
    expect(() => checkNunjucksVersion('3.2.4', '/x/node_modules/nunjucks/package.json', '3.2.4')).not.toThrow();
  });

  it.each(['3.2.5', '3.3.0', '4.0.0', '3.2.4-beta.1'])('refuses %s, naming both versions, where it was found and what to do', (found) => {
    const check = () => checkNunjucksVersion(found, '/x/node_modules/nunjucks/package.json', '3.2.4');
    expect(check).toThrow(NunjucksVersionError);
    // The CLI reports it as a failure to fix, not as an internal error with a stack.
    expect(check).toThrow(DeploymentAllError);
    expect(check).toThrow(
      `deployment-all's template engine is built on Nunjucks 3.2.4's internals; found ${found} (/x/node_modules/nunjucks/package.json): install the pinned version (npm ci)`,
    );
  });

  it('refuses a package without a version', () => {
    expect(() => checkNunjucksVersion(undefined, 'somewhere')).toThrow(`found an unknown version (somewhere)`);
  });

  it('pins the version package.json pins, which is the one installed', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.nunjucks).toBe(PINNED_NUNJUCKS_VERSION);
    const installed = createRequire(import.meta.url)('nunjucks/package.json') as { version: string };
    expect(installed.version).toBe(PINNED_NUNJUCKS_VERSION);
  });
});

describe("Nunjucks' shared node registry", () => {
  it('never receives our node types, so other Nunjucks users in the process are unaffected', () => {
    const engine = createTemplateEngine({ searchPaths: [] });
    expect(engine.renderString('{% with a = [1, 2, 3] %}{{ a[1:] }}{% endwith %}', {}, 'inline.j2')).toBe('[2, 3]');
    const registry = (nunjucks as unknown as { nodes: Record<string, unknown> }).nodes;
    expect(Object.keys(registry).filter((name) => name.startsWith('Jinja'))).toEqual([]);
  });
});

describe("Nunjucks' errors", () => {
  it('are told apart by type: a Nunjucks error keeps its message without its name, others are named', () => {
    expect(isNunjucksError(syntaxError('unexpected token', 2, 3))).toBe(true);
    expect(isNunjucksError(new Error('unexpected token'))).toBe(false);
    expect(locate(syntaxError('unexpected token', 2, 3), 'x.j2').detail).toBe('unexpected token');
    expect(locate(new RangeError('too far'), 'x.j2').detail).toBe('RangeError: too far');
  });

  it('lose the location and name Nunjucks writes into their message', () => {
    expect(nunjucksMessage(new Error('(unknown path) [Line 3, Column 4]\n  Error: boom'))).toBe('boom');
    expect(nunjucksMessage(new Error('(a.j2)\n  Template render error: boom'))).toBe('boom');
    expect(nunjucksMessage(new Error('boom'))).toBe('boom');
  });

  it('a missing template is recognised in the one table of wordings', () => {
    expect(nunjucksErrorKind(new Error('template not found: a.j2'))).toBe('template-not-found');
    expect(nunjucksErrorKind(new Error('unexpected token'))).toBeUndefined();
    expect(nunjucksErrorKind('template not found')).toBeUndefined();
  });
});
