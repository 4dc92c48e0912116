/**
 * `npm run bench:pipeline`: how many deploy jobs `deployment-all pipeline` generates and
 * how long it takes, for the bundled repository and for 200 projects x 3 environments
 * (issue 8, "Figures"). Medians of several runs:
 *
 * - the CLI in a fresh process (spawn to exit: node start, module loading, render, YAML);
 * - in one process, warm: the whole generation (render included) and the pipeline step
 *   alone (render result -> pipelines -> checks -> YAML), which is what the job count costs.
 *
 * Then the deploy jobs' own cost against the test environment (pipeline-jobs.mjs; skipped
 * with --no-jobs).
 *
 *   node scripts/bench/pipeline.mjs [--runs 5] [--no-build] [--no-jobs]
 *
 * Information, not a test: exits 0 unless something crashed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fmtMs, fmtRange, summary, table, timed } from './stats.mjs';
import { BUNDLED_ROOT, createSyntheticRepo } from './synthetic-repo.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'no-build': { type: 'boolean', default: false }, 'no-jobs': { type: 'boolean', default: false } },
});
const RUNS = Math.min(Math.max(Math.trunc(Number(args.runs)) || 1, 1), 50);
const log = (text = '') => process.stdout.write(text + '\n');

if (!args['no-build']) execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: BUNDLED_ROOT, stdio: 'inherit' });
const dist = (file) => new URL(`../../dist/${file}`, import.meta.url).href;
const { generatePipelines } = await import(dist('pipeline/generate.js'));
const { buildPipelines } = await import(dist('pipeline/build-pipeline.js'));
const { formatPipeline } = await import(dist('pipeline/format-pipeline.js'));
const { pipelineProblems } = await import(dist('pipeline/limits.js'));
const { renderRepository } = await import(dist('render/render-repository.js'));

function measure(name, root) {
  const out = mkdtempSync(join(tmpdir(), 'deployment-all-bench-pipeline-'));
  const fresh = [];
  for (let i = 0; i < RUNS; i++) fresh.push(timed(process.execPath, [join(BUNDLED_ROOT, 'deployment-all'), '--root', root, 'pipeline', '--out', out]).ms);
  const files = readdirSync(out).length;
  rmSync(out, { recursive: true, force: true });
  const whole = [];
  let jobs = 0;
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    jobs = generatePipelines({ root, targets: [], images: [], env: {} }).jobs;
    if (i > 0) whole.push(performance.now() - start); // the first run warms the engine's caches
  }
  const render = renderRepository({ root });
  const input = {
    environments: render.inventory.environments,
    rendered: render.rendered.map((r) => ({ environment: r.environment, project: r.project, images: r.model.images })),
  };
  const step = [];
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    const pipelines = buildPipelines(input);
    pipelines.forEach((p, n) => pipelineProblems(p, `deploy-${n + 1}.yml`));
    pipelines.map(formatPipeline);
    if (i > 0) step.push(performance.now() - start);
  }
  return { name, jobs, files, fresh: summary(fresh), whole: summary(whole), step: summary(step) };
}

log(
  `bench:pipeline, ${RUNS} runs each; ${cpus().length} CPUs, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const synthetic = createSyntheticRepo({ projects: 200 });
try {
  const results = [measure('bundled', BUNDLED_ROOT), measure('200 x 3 synthetic', synthetic.root)];
  log();
  log(
    table([
      ['repository', 'jobs', 'pipelines', 'CLI, fresh process', 'generation warm (render incl.)', 'pipeline step alone'],
      ...results.map((r) => [r.name, r.jobs, r.files, fmtRange(r.fresh), fmtRange(r.whole), fmtRange(r.step)]),
    ]),
  );
  const big = results[1];
  log(
    `\ngoal: 600 jobs generated in under 1 s: CLI ${fmtMs(big.fresh.median)} ${big.fresh.median < 1000 ? 'PASS' : 'MISS'}, pipeline step ${fmtMs(big.step.median)}`,
  );
} finally {
  synthetic.cleanup();
}
if (!args['no-jobs']) {
  log();
  await import('./pipeline-jobs.mjs');
}
