/**
 * The render cache (src/render/cache/) serves exactly what a render without it
 * produces, re-renders whatever any input of a project-environment changed, never
 * hides a mistake, and survives being deleted, corrupted or unwritable.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/lib/errors.js';
import { objectCount, RenderCache } from '../../src/render/cache/render-cache.js';
import { renderRepository, type RenderResult } from '../../src/render/render-repository.js';
import { renderWithCache } from '../../src/render/render-cached.js';
import { formatObjects } from '../../src/render/write-output.js';
import { makeRepo } from '../helpers/fixture-repo.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(files: Record<string, string | null> = {}): { root: string; cacheDir: string; cache: (version?: string) => RenderCache } {
  const root = makeRepo('basic', files);
  const cacheDir = mkdtempSync(join(tmpdir(), 'deployment-all-render-cache-'));
  cleanup.push(root, cacheDir);
  return { root, cacheDir, cache: (codeVersion = 'test-build-1') => new RenderCache({ dir: cacheDir, codeVersion }) };
}

/** Everything a render result says, in a comparable form (the same bytes a user would see). */
function visible(result: RenderResult): string {
  return JSON.stringify({
    rendered: result.rendered.map((r) => ({
      at: `${r.environment}/${r.project}`,
      yaml: formatObjects(r.objects, 'yaml'),
      hash: r.hash,
      model: r.model,
      rules: r.rules,
      logRules: r.logRules,
      dashboard: r.dashboard,
    })),
    disabled: result.disabled,
  });
}

/** Project-environments rendered (not read from the cache) by a render of `root`. */
function renderedAgain(root: string, cache: RenderCache): { result: RenderResult; misses: number } {
  const result = renderRepository({ root, cache });
  return { result, misses: result.rendered.length + result.disabled.length - result.cached };
}

describe('render cache', () => {
  it('serves a second render entirely from the cache, identical to a render without it', () => {
    const { root, cache } = setup();
    const first = renderRepository({ root, cache: cache() });
    expect(first.cached).toBe(0);
    const pairs = first.rendered.length + first.disabled.length;
    expect(pairs).toBeGreaterThanOrEqual(3);
    const second = renderRepository({ root, cache: cache() });
    expect(second.cached).toBe(pairs);
    const uncached = renderRepository({ root });
    // Counted without reading the objects, which a cached entry reads back only when used.
    expect(second.rendered.map(objectCount)).toEqual(uncached.rendered.map((r) => r.objects.length));
    expect(visible(second)).toBe(visible(uncached));
    expect(visible(first)).toBe(visible(uncached));
    expect(second.disabled).toEqual([{ environment: 'dev', project: 'nightly' }]);
  });

  it.each([
    ['the project vars', 'projects/api/project-vars.yml.j2', (t: string) => t.replace('image: example.com/api', 'image: example.com/api-v2'), 2],
    ['a raw template beside the vars', 'projects/api/extra.yml.j2', () => 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: "1"\n', 2],
    ['an inventory variable', 'inventory/variables.yml', (t: string) => t.replace('broker.example.com', 'broker2.example.com'), 4],
    ['an environment of the inventory', 'inventory/environments/prod.yml', (t: string) => `${t}\n# a comment changes the file\n`, 4],
    ['a repository template', 'templates/extra-macros.j2', () => '{% macro unused() %}x{% endmacro %}\n', 4],
  ])('re-renders what a change of %s reaches, and shows the change', (_what, file, change, expectedMisses) => {
    const { root, cache } = setup();
    renderRepository({ root, cache: cache() });
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, change(existsSync(path) ? readFileSync(path, 'utf8') : ''));
    const { result, misses } = renderedAgain(root, cache());
    expect(misses).toBe(expectedMisses);
    expect(visible(result)).toBe(visible(renderRepository({ root })));
    // And the changed result is what the next run reads.
    expect(visible(renderRepository({ root, cache: cache() }))).toBe(visible(result));
  });

  it('a new build of the code never reads what an older one stored', () => {
    const { root, cache } = setup();
    renderRepository({ root, cache: cache('build-a') });
    expect(renderRepository({ root, cache: cache('build-b') }).cached).toBe(0);
    expect(renderRepository({ root, cache: cache('build-a') }).cached).toBeGreaterThan(0);
  });

  it('never hides a mistake: a project broken after it was cached fails the render', () => {
    const { root, cache } = setup();
    renderRepository({ root, cache: cache() });
    writeFileSync(join(root, 'projects/api/project-vars.yml.j2'), 'deployment:\n  image: example.com/api\n  replicas: many\n');
    expect(() => renderRepository({ root, cache: cache() })).toThrow(ProblemsError);
    // Nor is a failed render stored: the same mistake is reported again.
    expect(() => renderRepository({ root, cache: cache() })).toThrow(/replicas/);
  });

  it('is safe to delete, and a corrupt entry is rendered again', () => {
    const { root, cacheDir, cache } = setup();
    const reference = visible(renderRepository({ root }));
    renderRepository({ root, cache: cache() });
    rmSync(cacheDir, { recursive: true, force: true });
    expect(renderRepository({ root, cache: cache() }).cached).toBe(0);
    for (const shard of readdirSync(cacheDir).filter((d) => d.length === 2))
      for (const file of readdirSync(join(cacheDir, shard))) writeFileSync(join(cacheDir, shard, file), 'not an entry');
    const result = renderRepository({ root, cache: cache() });
    expect(result.cached).toBe(0);
    expect(visible(result)).toBe(reference);
    expect(renderRepository({ root, cache: cache() }).cached).toBeGreaterThan(0);
  });

  it('renders on without it when it cannot be written', () => {
    const { root, cacheDir } = setup();
    // A folder under a plain file cannot be made, not even by root.
    const blocker = join(cacheDir, 'a-file');
    writeFileSync(blocker, '');
    const unwritable = new RenderCache({ dir: join(blocker, 'cache'), codeVersion: 'test-build-1' });
    const result = renderRepository({ root, cache: unwritable });
    expect(unwritable.writes).toBe(0);
    expect(unwritable.writeError).toMatch(/a-file\/cache: ENOTDIR/);
    expect(visible(result)).toBe(visible(renderRepository({ root })));
  });

  it('does not store a project whose templates draw random numbers', () => {
    const { root, cache } = setup({
      'projects/api/project-vars.yml.j2': readFileSync(join(makeRepoOnce(), 'projects/api/project-vars.yml.j2'), 'utf8').replace(
        "MODE: {{ 'strict' if is_production else 'relaxed' }}",
        "MODE: {{ ['a', 'b'] | random }}",
      ),
    });
    renderRepository({ root, cache: cache() });
    const again = renderRepository({ root, cache: cache() });
    expect(again.rendered.filter((r) => r.project === 'api')).toHaveLength(2);
    expect(again.cached).toBe(again.rendered.length + again.disabled.length - 2);
  });

  it('keeps the texts made of a cached render: made once, then read', () => {
    const { root, cache } = setup();
    const first = cache();
    const made: string[] = [];
    const result = renderRepository({ root, cache: first });
    for (const item of result.rendered) first.text(item, 'yaml', () => (made.push(item.project), formatObjects(item.objects, 'yaml')));
    expect(made).toHaveLength(result.rendered.length);
    const second = cache();
    const again = renderRepository({ root, cache: second });
    const texts = again.rendered.map((item) => second.text(item, 'yaml', () => (made.push('again'), 'never used')));
    expect(made).not.toContain('again');
    expect(texts).toEqual(result.rendered.map((item) => formatObjects(item.objects, 'yaml')));
  });
});

let basicCopy: string | undefined;
/** A pristine copy of the fixture, to read its files from. */
function makeRepoOnce(): string {
  if (!basicCopy) {
    basicCopy = makeRepo('basic');
  }
  return basicCopy;
}

describe('renderWithCache, the render commands run', () => {
  it('serves a fully cached selection from the cache alone, identical to the full render', async () => {
    const { root, cache } = setup();
    const full = renderRepository({ root, cache: cache() });
    const served = await renderWithCache({ root, cache: cache() });
    expect(served.cached).toBe(full.rendered.length + full.disabled.length);
    expect(visible(served)).toBe(visible(renderRepository({ root })));
    const one = await renderWithCache({ root, cache: cache(), targets: ['prod/api'] });
    expect(one.rendered.map((r) => `${r.environment}/${r.project}`)).toEqual(['prod/api']);
  });

  it('renders VM groups every time (they are never stored)', async () => {
    const root = makeRepo('vm-groups');
    const cacheDir = mkdtempSync(join(tmpdir(), 'deployment-all-render-cache-'));
    cleanup.push(root, cacheDir);
    const cache = (): RenderCache => new RenderCache({ dir: cacheDir, codeVersion: 'test-build-1' });
    const first = await renderWithCache({ root, cache: cache() });
    expect(first.vmGroups.length).toBeGreaterThan(0);
    const second = await renderWithCache({ root, cache: cache() });
    expect(second.vmGroups.map((g) => `${g.environment}/${g.project}`)).toEqual(first.vmGroups.map((g) => `${g.environment}/${g.project}`));
    expect(second.ansible.size).toBeGreaterThan(0);
  });

  it('renders in full when one pair is missing, and reports a mistake the cache cannot hide', async () => {
    const { root, cache } = setup();
    await renderWithCache({ root, cache: cache() });
    const vars = join(root, 'projects/api/project-vars.yml.j2');
    writeFileSync(vars, readFileSync(vars, 'utf8').replace('image: example.com/api', 'image: example.com/api-v3'));
    const changed = await renderWithCache({ root, cache: cache() });
    expect(changed.cached).toBe(changed.rendered.length + changed.disabled.length - 2);
    expect(visible(changed)).toBe(visible(renderRepository({ root })));
    writeFileSync(vars, 'deployment:\n  image: example.com/api\n  replicas: many\n');
    await expect(renderWithCache({ root, cache: cache() })).rejects.toBeInstanceOf(ProblemsError);
  });
});
