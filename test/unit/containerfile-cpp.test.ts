/**
 * scripts/containerfile.mjs against the real C preprocessor, run with the flags buildah uses
 * for `.in` files (`-traditional -undef`, plus -P for no line markers and -I for the shared
 * fragments): every bundled `builds/*.in` gives the same Containerfile instructions, and a
 * `#` comment line is refused by both.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocess } from '../../scripts/containerfile.mjs';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';

const INCLUDES = join(REPOSITORY_ROOT, 'builds/includes');

function cpp(file: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('cpp', ['-P', '-traditional', '-undef', '-nostdinc', '-I', INCLUDES, file], { encoding: 'utf8' });
  if (run.error) throw new Error(`cpp did not run (scripts/test-env up installs Debian's cpp): ${run.error.message}`);
  return run;
}

/** The instructions only: continuation lines joined (cpp joins them), blank lines and trailing blanks dropped. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}

describe('the Containerfile preprocessor and cpp', () => {
  const files = readdirSync(join(REPOSITORY_ROOT, 'builds')).filter((name) => name.endsWith('.in'));

  it('finds the bundled .in files', () => {
    expect(files).toContain('deployment-all.in');
  });

  it.each(files)('builds/%s: the same Containerfile as cpp', (name) => {
    const file = join(REPOSITORY_ROOT, 'builds', name);
    const reference = cpp(file);
    expect(reference.stderr).toBe('');
    expect(reference.status).toBe(0);
    const ours = preprocess(file, { root: REPOSITORY_ROOT, includeDirs: [INCLUDES] });
    expect(instructions(ours)).toEqual(instructions(reference.stdout));
    expect(instructions(ours).length).toBeGreaterThan(5);
  });

  it('a # comment line: cpp fails on it, and so does ours, with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'containerfile-cpp-'));
    const file = join(dir, 'app.in');
    writeFileSync(file, 'FROM scratch\n# a comment\n');
    const reference = cpp(file);
    expect(reference.status).not.toBe(0);
    expect(reference.stderr).toContain('invalid preprocessing directive');
    expect(() => preprocess(file, { root: dir })).toThrow('app.in:2: "# a comment" is not a supported directive');
  });
});
