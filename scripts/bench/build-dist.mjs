/** The benchmarks' build step: dist/ by tsc, then the bundled CLI (scripts/build-cli.mjs), as `npm run build` does. */
import { fmtMs, timed } from './stats.mjs';
import { BUNDLED_ROOT } from './synthetic-repo.mjs';

/** Builds; `log` gets one line (or tsc's first errors: dist/ is still emitted and measured). */
export function buildDist(log) {
  const tsc = timed('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: BUNDLED_ROOT, allowFailure: true });
  if (tsc.status !== 0)
    log(`tsc reported errors (dist/ is still emitted; measuring what it emitted):\n${tsc.stdout.trim().split('\n').slice(0, 5).join('\n')}`);
  const bundle = timed(process.execPath, ['scripts/build-cli.mjs'], { cwd: BUNDLED_ROOT });
  log(`dist/ built in ${fmtMs(tsc.ms)}, the CLI bundled in ${fmtMs(bundle.ms)}`);
}
