/**
 * The bundled macros render byte-for-byte the same under Python's Jinja2 3.1 and
 * under our engine, for every project and environment of the bundled repository, plus
 * models of features the bundled projects do not use (several volume claims).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_TEMPLATE } from '../../src/render/expand.js';
import { createRepositoryEngine, renderRepository, templateSearchPath } from '../../src/render/render-repository.js';
import { makeRepo, REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { referencePython } from '../../scripts/reference-python.mjs';
import { VOLUME_CLAIMS_VARS } from '../helpers/volume-claims-vars.js';

const script = fileURLToPath(new URL('../helpers/render_macros_jinja2.py', import.meta.url));

describe('bundled macros under Jinja2', () => {
  it('render the same text as our engine for every project-environment', () => {
    const { rendered: bundled } = renderRepository({ root: REPOSITORY_ROOT });
    expect(bundled.length).toBeGreaterThan(10);
    const claims = renderRepository({ root: makeRepo('basic', { 'projects/claims/project-vars.yml.j2': VOLUME_CLAIMS_VARS }), targets: ['claims'] }).rendered;
    expect(claims.flatMap((r) => r.model.pvcs.map((c) => c.name))).toEqual(['claims', 'claims-cache', 'claims', 'claims-cache']);
    const rendered = [...bundled, ...claims];
    const cases = rendered.map((r) => ({ name: `${r.environment}/${r.project}`, model: JSON.parse(JSON.stringify(r.model)) as unknown }));
    const output = execFileSync(referencePython(), [script], {
      input: JSON.stringify({ searchPaths: templateSearchPath(REPOSITORY_ROOT), cases }),
      encoding: 'utf8',
    });
    const reference = JSON.parse(output) as { text?: string; error?: string }[];
    const engine = createRepositoryEngine(REPOSITORY_ROOT, {});
    cases.forEach((c, i) => {
      expect(reference[i]?.error, c.name).toBeUndefined();
      const ours = engine.renderFile(PROJECT_TEMPLATE, { project: c.model });
      expect(ours, c.name).toBe(reference[i]?.text);
    });
  });
});
