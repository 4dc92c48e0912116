/**
 * The reference side of the Jinja2 suite comparison: the jinja2 3.1.6 sdist from PyPI
 * (sha256 pinned), its tests run by recorder.py under the pinned reference Python
 * (scripts/python-env), and the recorded cases cached by what made them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencePython } from '../reference-python.mjs';

/** The source distribution whose tests/ are the reference: PyPI's file, checked by its sha256. */
export const SDIST = {
  requirement: 'jinja2==3.1.6',
  file: 'jinja2-3.1.6.tar.gz',
  sha256: '0137fb05990d35f1275a587e9aee6d56da821fc83491a0fb838183be43f66d6d',
};

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const RECORDER = here('./recorder.py');
const REQUIREMENTS = here('../../requirements-dev.txt');

/** The test environment's cache (the same folder scripts/python-env uses). */
export function cacheDir() {
  const base = process.env.TEST_ENV_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'deployment-all-test-env');
  const dir = join(base, 'jinja2-suite');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** The sdist, downloaded once with the reference Python's pip into the cache; its sha256 is checked on every use. */
export function obtainSdist(python, dir = cacheDir()) {
  const path = join(dir, SDIST.file);
  if (!existsSync(path)) {
    const download = mkdtempSync(join(dir, 'download-'));
    try {
      execFileSync(
        python,
        ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-binary=:all:', SDIST.requirement, '-d', download],
        {
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      const [file] = readdirSync(download);
      if (file !== SDIST.file) throw new Error(`pip download ${SDIST.requirement} gave ${file ?? 'nothing'}, expected ${SDIST.file}`);
      renameSync(join(download, file), path);
    } finally {
      rmSync(download, { recursive: true, force: true });
    }
  }
  const actual = sha256(readFileSync(path));
  if (actual !== SDIST.sha256) {
    throw new Error(`${path}: sha256 ${actual}, expected ${SDIST.sha256} (PyPI's ${SDIST.file}); delete the file to download it again`);
  }
  return path;
}

/**
 * The recorded cases with their reference results: made by recorder.py once per sdist,
 * recorder and requirements-dev.txt, then read from the cache (about 10 s to make).
 */
export function recordedCases({ python = referencePython(), dir = cacheDir() } = {}) {
  const sdist = obtainSdist(python, dir);
  const key = sha256([SDIST.sha256, readFileSync(RECORDER, 'utf8'), readFileSync(REQUIREMENTS, 'utf8')].join('\0')).slice(0, 16);
  const path = join(dir, `cases-${key}.json`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial`;
    try {
      execFileSync(python, [RECORDER, sdist, partial], { stdio: ['ignore', 'inherit', 'inherit'] });
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
    }
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}
