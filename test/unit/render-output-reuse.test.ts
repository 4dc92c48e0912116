/**
 * `render --out` over its previous output (src/render/write-output.ts,
 * output-manifest.ts): a file with the same bytes, untouched since, is hard-linked from
 * the previous output; anything changed, edited, replaced or unknown is written. Either
 * way the folder holds exactly what a render into an empty folder writes.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RenderCache } from '../../src/render/cache/render-cache.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { OUTPUT_MARKER, writeRenderOutput } from '../../src/render/write-output.js';
import { makeRepo } from '../helpers/fixture-repo.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temporary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `deployment-all-${prefix}-`));
  cleanup.push(dir);
  return dir;
}

/** Every file under `dir` but the marker, by relative path. */
function contents(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && entry.name !== OUTPUT_MARKER)
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
  return new Map(files.sort().map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

const inode = (path: string): number => lstatSync(path).ino;

/** Renders `root` into `out` (with `cache` when given). */
function render(root: string, out: string, cache?: RenderCache): void {
  const result = renderRepository({ root, cache });
  writeRenderOutput(out, result.rendered, 'yaml', result.ansible, result.inventory, cache, result.vmGroups);
}

/** The same render into an empty folder: what the reused folder must equal. */
function fresh(root: string): Map<string, string> {
  const out = join(temporary('fresh'), 'out');
  render(root, out);
  return contents(out);
}

describe.each([
  ['without a render cache (files identified by their text)', false],
  ['with a render cache (files identified by its keys)', true],
])('render --out over its previous output, %s', (_name, withCache) => {
  /** The basic fixture rendered once into an output folder; `again()` renders it over that output. */
  function renderedOnce(): { root: string; out: string; again: () => void; inodes: () => Map<string, number> } {
    const root = makeRepo('basic');
    cleanup.push(root);
    const cache = withCache ? new RenderCache({ dir: temporary('cache'), codeVersion: 'test' }) : undefined;
    const out = join(temporary('out'), 'out');
    const again = (): void => void render(root, out, cache);
    again();
    return { root, out, again, inodes: () => new Map([...contents(out).keys()].map((file) => [file, inode(join(out, file))])) };
  }

  it('links unchanged files, writes the changed one, and equals a fresh render', () => {
    const { root, out, again, inodes } = renderedOnce();
    const before = inodes();
    expect(before.size).toBeGreaterThan(3);

    const vars = join(root, 'projects/api/project-vars.yml.j2');
    writeFileSync(vars, readFileSync(vars, 'utf8').replace("'relaxed'", "'lenient'"));
    again();

    const after = contents(out);
    expect(after).toEqual(fresh(root));
    const changed = [...after.keys()].filter((file) => inode(join(out, file)) !== before.get(file));
    // api's object files changed (MODE of the environments but production). By text, only they are
    // written again; by cache key, every file of api (its key names its vars), and none of the others.
    const apiFiles = withCache ? /(^|\/|-)api\.(yaml|yml|json)$/ : /^[^/]+\/api\.yaml$/;
    expect(changed.filter((file) => /^[^/]+\/api\.yaml$/.test(file)).length).toBeGreaterThan(0);
    expect(changed.filter((file) => !apiFiles.test(file))).toEqual([]);
    expect(changed.length).toBeLessThan(after.size);
    expect([...after.values()].some((text) => text.includes('lenient'))).toBe(true);
  });

  it('writes again a file edited, replaced by a symbolic link, or deleted since', () => {
    const { root, out, again } = renderedOnce();
    const [edited, linked, deleted] = [...contents(out).keys()];
    if (!edited || !linked || !deleted) throw new Error('the fixture renders fewer than three files');
    const expected = fresh(root);

    // Same size, different bytes, written in place (same inode): only the time tells.
    const original = readFileSync(join(out, edited), 'utf8');
    writeFileSync(join(out, edited), original.replace(/[a-z]/, '#'));
    const elsewhere = join(temporary('elsewhere'), 'file.yaml');
    writeFileSync(elsewhere, readFileSync(join(out, linked)));
    rmSync(join(out, linked));
    symlinkSync(elsewhere, join(out, linked));
    rmSync(join(out, deleted));

    again();
    expect(contents(out)).toEqual(expected);
    expect(lstatSync(join(out, linked)).isSymbolicLink()).toBe(false);
  });

  it('writes every file over an output whose marker has no manifest (an older render)', () => {
    const { root, out, again, inodes } = renderedOnce();
    const before = inodes();
    writeFileSync(join(out, OUTPUT_MARKER), 'Written by deployment-all render; replaced on every render.\n');

    again();
    expect(contents(out)).toEqual(fresh(root));
    expect([...before].filter(([file, ino]) => inode(join(out, file)) === ino)).toEqual([]);
  });
});
