/**
 * Differential-test support: renders cases with Python's jinja2 (configured
 * as the engine claims to behave) in one process of the pinned reference Python (scripts/python-env), and with our
 * engine, from the same temporary folders.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { referencePython } from '../../../scripts/reference-python.mjs';
import { createTemplateEngine } from './index.js';

/** The first test of a file waits for python3 to render every case of the file. */
export const REFERENCE_TIMEOUT_MS = 60_000;

/** One differential case: `template` is the entry file; `files` are more templates beside it. */
export interface DiffCase {
  name: string;
  template: string;
  files?: Record<string, string>;
  context?: Record<string, unknown>;
}

export interface RenderResult {
  ok: boolean;
  output?: string;
  error?: string;
}

const PYTHON = String.raw`
import base64, hashlib, json, sys
import jinja2, yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

def to_yaml(value, indent=2):
    return yaml.safe_dump(value, sort_keys=False, default_flow_style=False, width=float("inf"), indent=indent, allow_unicode=True)

def b64encode(value):
    return base64.b64encode(str(value).encode()).decode()

def b64decode(value):
    return base64.b64decode(str(value).encode()).decode()

def sha256(value):
    return hashlib.sha256(str(value).encode()).hexdigest()

request = json.load(sys.stdin)
assert jinja2.__version__.startswith("3.1"), jinja2.__version__
results = []
for case in request:
    env = Environment(loader=FileSystemLoader([case["dir"]]), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters.update(to_yaml=to_yaml, to_json=env.filters["tojson"], b64encode=b64encode, b64decode=b64decode, sha256=sha256)
    try:
        results.append({"ok": True, "output": env.get_template("main.j2").render(**case["context"])})
    except Exception as e:
        results.append({"ok": False, "error": type(e).__name__ + ": " + str(e)})
json.dump(results, sys.stdout)
`;

/** Write each case's templates to its own temporary folder (entry file `main.j2`); returns the folders. */
export function writeCases(cases: readonly DiffCase[]): string[] {
  const root = mkdtempSync(path.join(tmpdir(), 'jinja-diff-'));
  return cases.map((c, i) => {
    const dir = path.join(root, String(i));
    for (const [name, content] of Object.entries({ ...c.files, 'main.j2': c.template })) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    return dir;
  });
}

/** Render every case with Python's jinja2 3.1 in a single process. Throws if python3 or jinja2 is missing. */
export function renderWithJinja2(cases: readonly DiffCase[], dirs: readonly string[]): RenderResult[] {
  const input = JSON.stringify(cases.map((c, i) => ({ dir: dirs[i], context: c.context ?? {} })));
  const run = spawnSync(referencePython(), ['-c', PYTHON], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`the reference Python could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`the reference Jinja2 failed (scripts/python-env makes it from requirements-dev.txt):\n${run.stderr}`);
  return JSON.parse(run.stdout) as RenderResult[];
}

/** Render every case with our engine. */
export function renderWithEngine(cases: readonly DiffCase[], dirs: readonly string[]): RenderResult[] {
  return cases.map((c, i) => {
    const engine = createTemplateEngine({ searchPaths: [dirs[i] as string] });
    try {
      return { ok: true, output: engine.renderFile('main.j2', structuredClone(c.context ?? {})) };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  });
}

/**
 * Define one test per case asserting our output equals jinja2's byte for byte (or that both
 * fail). All groups of a test file are rendered by a single python3 process.
 */
export function describeDifferential(groups: Record<string, readonly DiffCase[]>): void {
  const all = Object.values(groups).flat();
  const results = once(() => {
    const dirs = writeCases(all);
    const expected = renderWithJinja2(all, dirs);
    const actual = renderWithEngine(all, dirs);
    // JINJA_DIFF_DEBUG=1 prints every mismatch as one JSON line (template, jinja2, engine).
    if (process.env.JINJA_DIFF_DEBUG) {
      all.forEach((c, i) => {
        const same = expected[i]?.ok ? actual[i]?.output === expected[i]?.output : actual[i]?.ok === false;
        if (!same) console.log(JSON.stringify({ template: c.template, jinja2: expected[i], engine: actual[i] }));
      });
    }
    return { expected, actual };
  });
  let offset = 0;
  for (const [title, cases] of Object.entries(groups)) {
    const first = offset;
    offset += cases.length;
    describe(title, () => {
      it.each(cases.map((c, i) => ({ name: c.name, i: first + i })))(
        '$name',
        ({ i }) => {
          const { expected, actual } = results();
          const reference = expected[i];
          expect(reference, 'jinja2 produced no result').toBeDefined();
          if (reference?.ok) {
            expect(actual[i]?.error, 'the engine failed where jinja2 rendered').toBeUndefined();
            expect(JSON.stringify(actual[i]?.output)).toBe(JSON.stringify(reference.output));
          } else {
            expect({ ok: actual[i]?.ok, jinja2: reference?.error }).toEqual({ ok: false, jinja2: reference?.error });
          }
        },
        REFERENCE_TIMEOUT_MS,
      );
    });
  }
}

/**
 * Compute `fn` on first use and remember the result or the error. Used instead of beforeAll so
 * that a missing python3/jinja2 fails every test (a failing hook would report them as skipped).
 */
export function once<T>(fn: () => T): () => T {
  let state: { value: T } | { error: unknown } | undefined;
  return () => {
    if (state === undefined) {
      try {
        state = { value: fn() };
      } catch (error) {
        state = { error };
      }
    }
    if ('error' in state) throw state.error;
    return state.value;
  };
}
