#!/usr/bin/env node
/**
 * Jinja2's own test suite against our engine (issue 12, part 1).
 *
 *   node scripts/jinja2-suite/suite.mjs [--no-build] [--quiet]
 *
 * Builds dist/ (tsc emits even when other files have type errors; --no-build skips it),
 * records the templates that jinja2 3.1.6's tests render (recorder.py, cached), renders
 * each with our engine as `deployment-all template` does, and prints every difference,
 * error mismatch and double failure (marked when known-differences.yml lists it), then
 * the figure. Exit status 1 when a difference is not listed or a listed one is gone.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareCases, formatReport } from './compare.mjs';
import { checkKnown, loadKnown } from './known.mjs';
import { recordedCases } from './reference.mjs';

const { values: args } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } } });
const root = fileURLToPath(new URL('../..', import.meta.url));

if (!args['no-build']) {
  try {
    execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    process.stderr.write('jinja2-suite: tsc reported errors; comparing with what it emitted\n');
  }
}
const { createTemplateEngine } = await import(new URL('../../dist/render/engine/index.js', import.meta.url).href);
const { repositoryFilters, scopeGlobals } = await import(new URL('../../dist/render/render-scope.js', import.meta.url).href);

const recorded = recordedCases();
// As `deployment-all template` makes its engine: the repository's globals and filters too.
const makeEngine = (searchPaths, globals) => createTemplateEngine({ searchPaths, globals: { ...scopeGlobals({}), ...globals }, filters: repositoryFilters() });
const results = compareCases(recorded.cases, makeEngine);
const known = loadKnown();
const report = formatReport(results, known.cases);
const problems = checkKnown(results, known);
const skipped = Object.values(recorded.skipped).reduce((a, b) => a + b, 0);

if (args.quiet) process.stdout.write(`${report.split('\n').at(-1)}\n`);
else {
  process.stdout.write(`Jinja2 ${recorded.jinja2} test suite: ${recorded.cases.length} cases kept, ${skipped} renders left out:\n`);
  for (const [reason, count] of Object.entries(recorded.skipped).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${count}  ${reason}\n`);
  process.stdout.write(`${report}\n`);
}
for (const problem of problems) process.stderr.write(`jinja2-suite: ${problem}\n`);
process.exitCode = problems.length > 0 ? 1 : 0;
