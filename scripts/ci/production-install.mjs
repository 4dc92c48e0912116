#!/usr/bin/env node
/**
 * The production-install check (CI runs it after `npm test`): the package installed the
 * way production installs it, then every command run once from that install against the
 * test servers. A runtime import listed among devDependencies fails here, by name.
 *
 *   1. dist/ built afresh and packed (`npm pack`); the tarball unpacked into a temporary
 *      folder outside the repository, with no node_modules above it, and installed there
 *      with `npm ci --omit=dev` and the repository's lock file: what the image keeps after
 *      `npm ci` and `npm prune --omit=dev`. (`--ignore-scripts`: `prepare` would compile
 *      with TypeScript, a development tool; the package ships dist/ compiled.)
 *   2. the manifest audit on the packed files (manifest-audit.mjs);
 *   3. every CLI command on a fixture repository whose `testing` environment is a fresh
 *      namespace of the test cluster (cli-round.mjs);
 *   4. `npm run start:<service>` of each bundled service up to its health endpoints, then
 *      SIGTERM: drained, exit 0, nothing left running (service-round.mjs).
 * Every problem is collected and printed at the end; the exit status is 1 if there is any.
 *
 *   npm run check:production-install [-- --keep]     (--keep: leave the temporary folder)
 * Needs the test environment running (scripts/test-env up; docs/test-env.md).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, argv, glob } from 'zx';
import { cliRound } from './cli-round.mjs';
import { auditManifest } from './manifest-audit.mjs';
import { serviceRound } from './service-round.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TEST_ENV = join(REPO, 'scripts/test-env');
const log = (line) => process.stdout.write(`${line}\n`);
const problems = [];
const problem = (text) => {
  problems.push(text);
  log(`  problem: ${text.split('\n')[0]}`);
};

/** The environment of the installed package's processes: nothing of npm's or of Node's module paths. */
function cleanEnv() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|NODE_PATH$|NODE_OPTIONS$|KUBECONFIG$|RABBITMQ_|VAULT_|DEPLOYMENT_ALL_)/i.test(name)) continue;
    env[name] = value;
  }
  return env;
}

/** Fails unless no folder above `dir` holds a node_modules (Node would look there). */
function assertIsolated(dir) {
  if (!relative(REPO, dir).startsWith('..')) throw new Error(`${dir} is inside the repository`);
  for (let above = dirname(dir); ; above = dirname(above)) {
    if (existsSync(join(above, 'node_modules')))
      throw new Error(`${join(above, 'node_modules')} is reachable from ${dir}; set TMPDIR to a folder without node_modules above it`);
    if (above === dirname(above)) return;
  }
}

/** The commands a devDependency installs, from its package.json. */
function binsOf(name) {
  const path = join(REPO, 'node_modules', name, 'package.json');
  if (!existsSync(path)) return [];
  const { bin } = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof bin === 'string') return [name.replace(/^@[^/]+\//, '')];
  return Object.keys(bin ?? {});
}

function readFiles(cwd, paths) {
  return new Map(paths.map((path) => [path, readFileSync(join(cwd, path), 'utf8')]));
}

async function install(work) {
  rmSync(join(REPO, 'dist'), { recursive: true, force: true });
  await $({ cwd: REPO, quiet: true })`npm run build`;
  const [packed] = JSON.parse((await $({ cwd: REPO, quiet: true })`npm pack --ignore-scripts --json --pack-destination ${work}`).stdout);
  log(`  ${packed.filename}: ${packed.entryCount} files, ${Math.round(packed.size / 1024)} KiB`);
  const app = join(work, 'app');
  mkdirSync(app);
  await $({ quiet: true })`tar -xzf ${join(work, packed.filename)} -C ${app} --strip-components=1`;
  copyFileSync(join(REPO, 'package-lock.json'), join(app, 'package-lock.json'));
  log(`  npm ci --omit=dev in ${app}`);
  await $({ cwd: app, env: cleanEnv(), quiet: true })`npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund`;
  return app;
}

async function audit(app) {
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  const bins = Object.values(manifest.bin ?? {}).map((path) => path.replace(/^\.\//, ''));
  const shipped = await glob(['**/*.{js,mjs,cjs}', ...bins], { cwd: app, ignore: ['node_modules/**'] });
  const sources = (
    await $({
      cwd: REPO,
      quiet: true,
    })`git ls-files --cached --others --exclude-standard -- ${['*.ts', '*.mts', '*.js', '*.mjs', '*.cjs', 'deployment-all', '.gitlab-ci.yml']}`
  ).lines();
  const found = auditManifest({
    manifest,
    runtimeFiles: readFiles(app, shipped),
    devFiles: readFiles(
      REPO,
      sources.filter((path) => existsSync(join(REPO, path))),
    ),
    binsOf,
  });
  for (const text of found) problem(`package.json: ${text}`);
  log(`  ${shipped.length} shipped files, ${sources.length} repository files: ${found.length} problem(s)`);
}

/** The servers' variables, or undefined (a problem) when the test environment is down. */
async function testEnvironment() {
  const status = await $({ nothrow: true, quiet: true })`${TEST_ENV} status --quiet`;
  if (status.exitCode === 0) return JSON.parse((await $({ quiet: true })`${TEST_ENV} env --json`).stdout);
  problem('the test environment is not running: start it with scripts/test-env up (docs/test-env.md), then run this again');
  return undefined;
}

/** Runs one step; a failure it did not expect is a problem, and the next steps still run. */
async function step(title, run) {
  log(title);
  try {
    return await run();
  } catch (error) {
    // zx's errors carry the command's output; its first lines say what went wrong.
    const output = error.stderr ?? error.stdout ?? '';
    problem(`${title}: ${output.trim() ? output.trim().split('\n').slice(0, 6).join('\n    ') : error.message}`);
    return undefined;
  }
}

/** A command of the test environment (scripts/test-env kubectl|rabbitmqctl ...): its output. */
async function testEnvCommand(args) {
  return (await $({ quiet: true })`${TEST_ENV} ${args}`).stdout.trim();
}

const work = mkdtempSync(join(tmpdir(), 'deployment-all-production-'));
try {
  const app = await step('build, pack, install with --omit=dev', () => {
    assertIsolated(work);
    return install(work);
  });
  if (app !== undefined) await step('manifest audit', () => audit(app));
  const testEnv = app === undefined ? undefined : await testEnvironment();
  if (testEnv !== undefined) {
    const env = cleanEnv();
    await step('every command of the installed CLI against the test cluster', () =>
      cliRound({
        work,
        log,
        problem,
        cli: (args) => $({ cwd: app, env: { ...env, KUBECONFIG: testEnv.KUBECONFIG }, nothrow: true, quiet: true })`./deployment-all ${args}`,
        kubectl: (args) => testEnvCommand(['kubectl', ...args]),
      }),
    );
    const broker = Object.fromEntries(Object.entries(testEnv).filter(([name]) => name.startsWith('RABBITMQ_')));
    await step('the services of the installed package on the test broker', () =>
      serviceRound({
        app,
        work,
        env,
        broker,
        log,
        problem,
        rabbitmqctl: (args) => testEnvCommand(['rabbitmqctl', ...args]),
      }),
    );
  }
} finally {
  if (argv.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  process.stderr.write(`\nproduction-install: ${problems.length} problem(s):\n${problems.map((text) => `- ${text}`).join('\n')}\n`);
  process.exit(1);
}
log('production-install: the production install renders, deploys, rolls back and serves');
