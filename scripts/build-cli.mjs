/**
 * Bundles the compiled CLI (dist/cli/main.js, emitted by tsc) with its dependencies into
 * dist/cli-bundle/: one module per command, chunks shared between them. Node loads a few
 * large files far faster than the ~2,000 small ones they come from: @kubernetes/client-node
 * alone is 896 files and took 331 ms to load on an idle machine, every deploy job paying it
 * (issue 15). The bundle sits two folders deep like dist/cli/main.js, so its
 * `new URL('../../templates/', import.meta.url)` still names the package's templates/.
 *
 *   node scripts/build-cli.mjs      (run by `npm run build` after tsc)
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}dist/cli-bundle`;
// Built beside it and swapped in: a CLI started during a build finds the old bundle or the new one.
const building = `${root}dist/.cli-bundle-${process.pid}`;

/**
 * node-fetch 2 (imported by @kubernetes/client-node) falls back to the whatwg-url package
 * where node:url has no URL class, which every supported Node has; bundling the package
 * meant evaluating tr46's 370 KB mapping table at every start. Node's own URL stands in.
 */
const whatwgUrlIsNodeUrl = {
  name: 'whatwg-url-is-node-url',
  resolveId: (id) => (id === 'whatwg-url' ? '\0whatwg-url' : null),
  load: (id) =>
    id === '\0whatwg-url'
      ? 'export const URL = globalThis.URL;\nexport const URLSearchParams = globalThis.URLSearchParams;\nexport default { URL, URLSearchParams };\n'
      : null,
};

rmSync(building, { recursive: true, force: true });
await build({
  input: { main: `${root}dist/cli/main.js` },
  platform: 'node',
  // The engine loads nunjucks through createRequire to reach its internals by path; the
  // bundle leaves it (and everything else resolved at run time) to node_modules.
  external: [/^nunjucks(\/|$)/],
  // client-node's index re-exports its whole generated API (about 900 modules) and
  // declares no sideEffects, so without this every command would load all of it; only
  // KubeConfig and ApiException are used.
  treeshake: { moduleSideEffects: (id) => !/[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]/.test(id) },
  plugins: [whatwgUrlIsNodeUrl],
  logLevel: 'warn',
  output: { dir: building, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});

// The render cache keys its entries by this digest of the bundled code, so that a new
// build never reads what an older one rendered (src/cli/render-cache.ts).
const digest = createHash('sha256');
for (const file of readdirSync(building).sort()) digest.update(file).update(readFileSync(join(building, file)));
writeFileSync(join(building, 'code-version.txt'), digest.digest('hex') + '\n');

const old = `${root}dist/.cli-bundle-old-${process.pid}`;
if (existsSync(outDir)) renameSync(outDir, old);
renameSync(building, outDir);
rmSync(old, { recursive: true, force: true });
