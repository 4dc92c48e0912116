/**
 * The built CLI (dist/cli-bundle, what users and deploy jobs run) uses the render cache:
 * a second `render --out` reads every project-environment from it and writes the same
 * bytes; DEPLOYMENT_ALL_RENDER_CACHE=off turns it off; a mistake is never hidden.
 * Needs the build (`npm ci` runs it; after changing src/, `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, REPOSITORY_ROOT } from '../helpers/fixture-repo.js';

const CLI = join(REPOSITORY_ROOT, 'deployment-all');
let root: string;
let cacheDir: string;

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CLI, ['--root', root, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DEPLOYMENT_ALL_CACHE_DIR: cacheDir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Relative path -> content of every file under `dir` but the marker (its manifest records inodes and times). */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== '.deployment-all-render') files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

beforeAll(() => {
  expect(existsSync(join(REPOSITORY_ROOT, 'dist/cli-bundle/code-version.txt')), 'dist/cli-bundle is missing: run npm run build').toBe(true);
  root = makeRepo('basic');
  cacheDir = mkdtempSync(join(tmpdir(), 'deployment-all-cli-cache-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('the built CLI and the render cache', () => {
  it('renders once, then reads every project-environment from the cache and writes the same bytes', () => {
    const first = cli(['render', '--out', join(root, 'out1')]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/render cache/);
    const second = cli(['render', '--out', join(root, 'out2')]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/for 3 project-environments, 1 disabled, 4 from the render cache into/);
    expect(tree(join(root, 'out2'))).toEqual(tree(join(root, 'out1')));
    expect(readdirSync(join(cacheDir, 'render')).length).toBeGreaterThan(0);
  });

  it('is off with DEPLOYMENT_ALL_RENDER_CACHE=off: nothing read, nothing stored', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'deployment-all-cli-cache-off-'));
    try {
      const r = cli(['validate'], { DEPLOYMENT_ALL_CACHE_DIR: elsewhere, DEPLOYMENT_ALL_RENDER_CACHE: 'off' });
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(elsewhere)).toEqual([]);
      const bad = cli(['validate'], { DEPLOYMENT_ALL_RENDER_CACHE: 'maybe' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/DEPLOYMENT_ALL_RENDER_CACHE: "maybe" is not a boolean/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('reports a mistake made after the project was cached', () => {
    expect(cli(['validate']).status).toBe(0);
    writeFileSync(join(root, 'projects/api/project-vars.yml.j2'), 'deployment:\n  image: example.com/api\n  replicas: many\n');
    const r = cli(['validate']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/projects\/api\/project-vars\.yml\.j2.*replicas/s);
  });
});
