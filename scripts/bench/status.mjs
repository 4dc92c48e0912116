/**
 * `npm run bench:status`: what `status` costs on a large repository, cold and served
 * (issue 10, "Figures").
 *
 *   node scripts/bench/status.mjs [--projects 200] [--runs 5] [--clients 50] [--seconds 30] [--interval 10s] [--no-build] [--keep]
 *
 * Against the test environment (scripts/test-env; it must be up): the deploy
 * benchmark's synthetic repository (synthetic-repo.mjs), a git repository here, its
 * `staging` environment deployed once into a fresh namespace (200 projects x 1
 * environment). Then:
 *   - cold: `deployment-all status staging --format json` in a fresh process, --runs
 *     times: wall time and API requests (median);
 *   - served: `deployment-all status staging --serve` in a child process, and --clients
 *     concurrent clients on 127.0.0.1 asking for the page (and /status.json, one request
 *     in ten) for --seconds: answers, errors, latency; and the API requests the server
 *     made meanwhile, read from its /metrics before and after (its Cluster counts every
 *     HTTP request to the API server, retries included): only the background refreshes,
 *     whatever the clients do.
 * The namespace is deleted at the end (also on failure or ^C). Exits 0 unless something
 * crashed or the served figures break the bound (API requests beyond the refreshes).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { dump, load } from 'js-yaml';
import { fmtInt, fmtMs, summary, timed } from './stats.mjs';
import { BUNDLED_ROOT, createSyntheticRepo } from './synthetic-repo.mjs';

const { values: args } = parseArgs({
  options: {
    projects: { type: 'string', default: '200' },
    runs: { type: 'string', default: '5' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
    interval: { type: 'string', default: '10s' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const bounded = (value, lo, hi) => Math.min(Math.max(Math.trunc(Number(value)) || 0, lo), hi);
const PROJECTS = bounded(args.projects, 1, 2000);
const RUNS = bounded(args.runs, 1, 50);
const CLIENTS = bounded(args.clients, 1, 1000);
const SECONDS = bounded(args.seconds, 1, 600);
const ENV = 'staging';
const unit = { ms: 0.001, s: 1, m: 60, h: 3600 };
const [, amount, suffix = 's'] = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(args.interval) ?? [];
if (amount === undefined) throw new Error(`--interval ${args.interval}: a duration such as 10s or 1m`);
const intervalSeconds = Number(amount) * unit[suffix];
const CLI = join(BUNDLED_ROOT, 'deployment-all');
const log = (text = '') => process.stdout.write(text + '\n');
const work = mkdtempSync(join(tmpdir(), 'deployment-all-bench-status-'));
const namespace = `bench-status-${Math.random().toString(36).slice(2, 8)}`;

const testEnv = JSON.parse(timed(join(BUNDLED_ROOT, 'scripts/test-env'), ['env', '--json']).stdout);
const childEnv = { ...process.env, KUBECONFIG: testEnv.KUBECONFIG, NO_COLOR: '1' };
const kubectl = (kargs) => timed(join(testEnv.KUBEBUILDER_ASSETS, 'kubectl'), kargs, { env: childEnv });

let server;
let namespaceMade = false;
function cleanup() {
  server?.kill('SIGTERM');
  if (namespaceMade && !args.keep)
    spawnSync(join(testEnv.KUBEBUILDER_ASSETS, 'kubectl'), ['delete', 'namespace', namespace, '--wait=false'], { env: childEnv });
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

/** The synthetic repository, `staging` pointed at the namespace, committed to git; its secrets file. */
function makeRepo() {
  const repo = createSyntheticRepo({ projects: PROJECTS, dir: join(work, 'repo') });
  const file = join(repo.root, 'inventory/environments', `${ENV}.yml`);
  const env = load(readFileSync(file, 'utf8'));
  writeFileSync(file, dump({ ...env, namespace, cluster: { name: 'bench-test-env', server: 'https://127.0.0.1' }, secrets_path: 'bench' }));
  const catalogue = load(readFileSync(join(repo.root, 'inventory/secrets.yml'), 'utf8'));
  const secrets = join(work, 'secrets.yml');
  writeFileSync(secrets, dump(Object.fromEntries(Object.keys(catalogue.secrets).map((name) => [name, `bench-dummy-${name.toLowerCase()}`]))));
  chmodSync(secrets, 0o600);
  const git = (...g) => timed('git', ['-C', repo.root, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...g]);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'synthetic');
  return { root: repo.root, secrets };
}

/** Every Prometheus sample of a metrics text, by name (labels included). */
function samples(text) {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]),
  );
}

/** Starts `status --serve` on a free port; resolves to its base URL once the first refresh is served. */
function serve(root, secrets) {
  server = spawn(process.execPath, [CLI, '--root', root, 'status', ENV, '--serve', '--port', '0', '--interval', args.interval, '--secrets-file', secrets], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    server.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`status --serve exited ${code}:\n${err}`)));
  });
}

/** `clients` loops asking for the page (and /status.json one time in ten) until the deadline. */
async function loadClients(base) {
  const latencies = [];
  let errors = 0;
  let bytes = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const client = async (id) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const url = (i + id) % 10 === 0 ? `${base}/status.json` : `${base}/`;
      const start = performance.now();
      try {
        const answer = await fetch(url);
        const body = await answer.arrayBuffer();
        if (answer.status !== 200) errors++;
        else {
          latencies.push(performance.now() - start);
          bytes += body.byteLength;
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  return { latencies, errors, bytes };
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

try {
  log(`== status: ${PROJECTS} projects x 1 environment (${ENV}) on the test cluster, namespace ${namespace}`);
  if (!args['no-build']) timed('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: BUNDLED_ROOT });
  const { root, secrets } = makeRepo();
  kubectl(['create', 'namespace', namespace]);
  namespaceMade = true;
  const deployed = timed(process.execPath, [CLI, '--root', root, 'apply', ENV, '--secrets-file', secrets], { env: childEnv });
  log(`deployed: ${deployed.stderr.trim().split('\n').pop()}`);
  if (args.keep) log(`kept: --root ${root} --secrets-file ${secrets} (namespace ${namespace})`);

  const cold = [];
  let requests = 0;
  let cells = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = timed(process.execPath, [CLI, '--root', root, 'status', ENV, '--format', 'json', '--secrets-file', secrets], { env: childEnv });
    const report = JSON.parse(r.stdout);
    cold.push(r.ms);
    requests = report.requests;
    cells = report.cells.length;
  }
  const c = summary(cold);
  log(`\ncold: deployment-all status ${ENV} --format json, a fresh process each (${RUNS} runs)`);
  log(`  ${cells} cells, wall time median ${fmtMs(c.median)} (min ${fmtMs(c.min)}, max ${fmtMs(c.max)}), ${requests} API requests each`);

  const base = await serve(root, secrets);
  const before = samples(await (await fetch(`${base}/metrics`)).text());
  const started = performance.now();
  const { latencies, errors, bytes } = await loadClients(base);
  const seconds = (performance.now() - started) / 1000;
  const after = samples(await (await fetch(`${base}/metrics`)).text());
  const delta = (name) => (after[name] ?? 0) - (before[name] ?? 0);
  const refreshes = delta('deployment_all_status_refreshes_total');
  const apiRequests = delta('deployment_all_status_api_requests_total');
  log(`\nserved: ${CLIENTS} concurrent clients for ${seconds.toFixed(1)} s on 127.0.0.1 (refresh every ${args.interval})`);
  log(
    `  ${fmtInt(latencies.length)} answers (${fmtInt(latencies.length / seconds)}/s, ${fmtInt(bytes / 1024 / 1024)} MiB), ${errors} errors; latency median ${fmtMs(percentile(latencies, 50))}, p95 ${fmtMs(percentile(latencies, 95))}, p99 ${fmtMs(percentile(latencies, 99))}`,
  );
  log(`  one refresh: ${fmtMs((after['deployment_all_status_refresh_seconds'] ?? NaN) * 1000)} (the last one, in the server)`);
  log(
    `  API requests during the load: ${apiRequests}, from ${refreshes} background refreshes (${refreshes ? (apiRequests / refreshes).toFixed(1) : '-'} each; a cold run makes ${requests})`,
  );
  // Each refresh makes the cold run's requests; no more refreshes than the interval allows.
  const bounded = apiRequests === refreshes * requests && refreshes <= Math.ceil(seconds / intervalSeconds) + 1;
  log(`  ${bounded ? 'PASS' : 'MISS'}: only the background refreshes reached the API server`);
  if (errors > 0 || !bounded) process.exitCode = 1;
} finally {
  cleanup();
}
