/**
 * `npm run bench:deploy`: how fast `apply` deploys a large repository to a real API
 * server, side by side with what a plain CI script would do (issue 4, "Performance").
 *
 *   node scripts/bench/deploy.mjs [--projects 200] [--concurrency 4] [--sizes 50,100,200]
 *                                 [--profile] [--no-kubectl] [--no-memory] [--no-build] [--keep]
 *
 * Against the test environment (scripts/test-env; it must be up): a synthetic
 * repository of N projects (synthetic-repo.mjs) whose `staging` environment points
 * at a fresh namespace. In this process via deploy(): the first deploy, a no-op
 * redeploy, a redeploy with one project's image changed; one CLI run of the no-op
 * (a cold process, what a CI job pays). Then the same manifests, one file per
 * project, through `kubectl apply --server-side` one project at a time into a second
 * fresh namespace (first apply and a no-op re-apply). Then peak RSS of a child
 * process per project count. Only the staging environment is deployed (the other
 * two stay in the repository because the bundled projects name them).
 *
 * When the first deploy misses its goal (or with --profile): a CPU profile of a first
 * deploy in a fresh process.
 *
 * Every namespace is created here and deleted at the end, also on failure or ^C.
 * Exits 0 unless something crashed: the PASS/MISS marks are information, not a test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dump, load } from 'js-yaml';
import { buildDist } from './build-dist.mjs';
import { formatSummary, summarizeProfile } from './profile-summary.mjs';
import { fmtInt, fmtMs, fmtRange, lastJson, summary, table, timed } from './stats.mjs';
import { BUNDLED_ROOT, createSyntheticRepo } from './synthetic-repo.mjs';

const { values: args } = parseArgs({
  options: {
    projects: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '50,100,200' },
    profile: { type: 'boolean', default: false },
    'no-kubectl': { type: 'boolean', default: false },
    'no-memory': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const bounded = (value, lo, hi) => Math.min(Math.max(Math.trunc(Number(value)) || 0, lo), hi);
const PROJECTS = bounded(args.projects, 1, 2000);
const CONCURRENCY = bounded(args.concurrency, 1, 64);
const RUNS = bounded(args.runs, 1, 50);
const SIZES = args.sizes
  .split(',')
  .map((s) => bounded(s, 1, 2000))
  .filter((n, i, all) => all.indexOf(n) === i);
const ENV = 'staging';
/** Goals from issue 4 (in-process no-op) and issue 15 (cold CLI processes, first deploy vs kubectl). */
const NOOP_GOAL_MS = 3000;
const CLI_NOOP_GOAL_MS = 500;
const CLI_ONE_GOAL_MS = 300;
const KUBECTL_RATIO_GOAL = 10;
/** "Flat": peak RSS at the largest size at most this much above the smallest. */
const RSS_FLAT_FACTOR = 1.25;

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const CHILD = here('./deploy-child.mjs');
const CLI = join(BUNDLED_ROOT, 'deployment-all');
const UNBUNDLED_CLI = `const { run } = await import(${JSON.stringify(new URL('../../dist/cli/main.js', import.meta.url).href)}); process.exitCode = await run(process.argv.slice(1));`;
const log = (text = '') => process.stdout.write(text + '\n');
const section = (title) => log(`\n== ${title}`);
const mark = (ok) => (ok ? 'PASS' : 'MISS');
const suffix = Math.random().toString(36).slice(2, 8);
const work = mkdtempSync(join(tmpdir(), 'deployment-all-bench-deploy-'));
/** The CLI's render cache during the benchmark (src/render/cache/), empty at first. */
const CACHE_DIR = join(work, 'cache');

// ---------------------------------------------------------------- test environment

/** The servers' process ids from `scripts/test-env status`. */
function serverPids() {
  const status = spawnSync(join(BUNDLED_ROOT, 'scripts/test-env'), ['status'], { encoding: 'utf8' });
  const pids = {};
  for (const line of (status.stdout ?? '').split('\n')) {
    const m = /^(\S+)\s+(\S+)\s+pid=(\d*)/.exec(line);
    if (m) pids[m[1]] = { healthy: m[2] === 'healthy', pid: m[3] ? Number(m[3]) : undefined };
  }
  return { pids, status };
}

function testEnv() {
  const { pids, status } = serverPids();
  if (!pids['kube-apiserver']?.healthy) {
    throw new Error(
      `the test environment's API server is not healthy (scripts/test-env status):\n${(status.stdout || status.stderr).trim()}\nstart it with scripts/test-env up`,
    );
  }
  const env = JSON.parse(timed(join(BUNDLED_ROOT, 'scripts/test-env'), ['env', '--json']).stdout);
  const candidates = [env.KUBEBUILDER_ASSETS && join(env.KUBEBUILDER_ASSETS, 'kubectl')];
  const cache = join(homedir(), '.cache/deployment-all-test-env');
  if (existsSync(cache))
    for (const d of readdirSync(cache)
      .filter((d) => d.startsWith('kubernetes-'))
      .sort()
      .reverse())
      candidates.push(join(cache, d, 'bin/kubectl'));
  const kubectl = candidates.find((c) => c && existsSync(c));
  if (!kubectl) throw new Error(`no kubectl found (looked at ${candidates.filter(Boolean).join(', ')})`);
  return { kubeconfig: env.KUBECONFIG, kubectl, pids };
}

const TE = testEnv();
const KUBECTL_CACHE = join(work, 'kubectl-cache');
const kubectlEnv = { ...process.env, KUBECONFIG: TE.kubeconfig };
const kubectl = (kargs, options = {}) => timed(TE.kubectl, ['--cache-dir', KUBECTL_CACHE, ...kargs], { env: kubectlEnv, ...options });
const kubectlAsync = (kargs, options = {}) => run(TE.kubectl, ['--cache-dir', KUBECTL_CACHE, ...kargs], { env: kubectlEnv, ...options });

let stopping = false;
let current;
/** Like stats.mjs timed(), without blocking the event loop (so ^C cleans up at once). */
function run(command, cargs, options = {}) {
  if (stopping) return Promise.reject(new Error('stopping'));
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const proc = spawn(command, cargs, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    current = proc;
    const out = [];
    const err = [];
    proc.stdout.on('data', (c) => out.push(c));
    proc.stderr.on('data', (c) => err.push(c));
    proc.on('error', reject);
    proc.on('close', (status, signal) => {
      current = undefined;
      const r = { ms: performance.now() - start, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status };
      if (status !== 0 && !options.allowFailure) {
        reject(new Error(`${command} ${cargs.join(' ')} exited ${status ?? signal}:\n${(r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n')}`));
      } else resolve(r);
    });
  });
}

/** CPU seconds (user+system) a process has used so far, from /proc; undefined if unreadable. */
function cpuSeconds(pid) {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (after pid and comm): clock ticks
  } catch {
    return undefined;
  }
}
/** CPU of the waited-for children of this process (the kubectl processes). */
function childrenCpuSeconds() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime
}
const SERVERS = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler', 'kwok'];
/** { server: { pid, cpu } }; when a server's process is gone (restarted), its pid is looked up again. */
function serverCpu() {
  const read = () => Object.fromEntries(SERVERS.map((s) => [s, { pid: TE.pids[s]?.pid, cpu: cpuSeconds(TE.pids[s]?.pid) }]));
  let r = read();
  if (SERVERS.some((s) => r[s].pid && r[s].cpu === undefined)) {
    TE.pids = serverPids().pids;
    r = read();
  }
  return r;
}
/** CPU seconds per server between two samples; 'restarted' when its process changed in between. */
const cpuDelta = (before, after) =>
  Object.fromEntries(
    SERVERS.map((s) => [
      s,
      before[s].pid !== after[s].pid ? 'restarted' : before[s].cpu === undefined || after[s].cpu === undefined ? undefined : after[s].cpu - before[s].cpu,
    ]),
  );
const restarted = (d) => SERVERS.filter((s) => d[s] === 'restarted');
/** CPU seconds of all servers together in a delta. */
const serverSeconds = (d) => SERVERS.reduce((sum, s) => sum + (typeof d[s] === 'number' ? d[s] : 0), 0);
const fmtCpu = (d) =>
  [
    ...SERVERS.filter((s) => typeof d[s] === 'number' && d[s] >= 0.05).map((s) => `${s} ${d[s].toFixed(1)} s`),
    ...(restarted(d).length ? [`RESTARTED during this phase (by someone else): ${restarted(d).join(', ')}; this phase's figures include it`] : []),
  ].join(', ') || 'none measurable';

/**
 * Waits until the control plane is quiet (controllers still creating the pods and
 * jobs of the previous phase would otherwise be charged to the next one): the
 * servers together below 25% of one CPU over a second, twice in a row; 60 s at most.
 */
async function settle() {
  const start = performance.now();
  let quiet = 0;
  while (performance.now() - start < 60_000 && quiet < 2) {
    const a = serverCpu();
    await new Promise((r) => setTimeout(r, 1000));
    const d = cpuDelta(a, serverCpu());
    const total = Object.values(d).reduce((n, v) => n + (typeof v === 'number' ? v : 1), 0);
    quiet = total < 0.25 ? quiet + 1 : 0;
  }
  return performance.now() - start;
}

// ---------------------------------------------------------------- namespaces

const namespaces = [];
function createNamespace(name) {
  kubectl(['create', 'namespace', name]);
  namespaces.push(name);
  kubectl(['label', 'namespace', name, 'deployment-all/bench=deploy']);
  return name;
}
/** Deletes a namespace and waits until it is gone (its Services free their cluster IPs). */
async function deleteNamespace(name, timeoutMs = 300_000) {
  const start = performance.now();
  await kubectlAsync(['delete', 'namespace', '--wait=false', '--ignore-not-found', name]);
  while (performance.now() - start < timeoutMs) {
    const r = await kubectlAsync(['get', 'namespace', name, '-o', 'name', '--ignore-not-found']);
    if (r.stdout.trim() === '') {
      namespaces.splice(namespaces.indexOf(name), 1);
      return performance.now() - start;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`namespace ${name} still exists ${timeoutMs / 1000} s after its deletion`);
}
/**
 * Free cluster IPs: the test environment's service CIDR is small (a /24 holds 254),
 * and the synthetic repository has a Service for most projects.
 */
function serviceIpRoom() {
  const cidrs = JSON.parse(kubectl(['get', 'servicecidrs', '-o', 'json'], { allowFailure: true }).stdout || '{"items":[]}');
  let capacity = 0;
  for (const item of cidrs.items ?? [])
    for (const cidr of item.spec?.cidrs ?? []) if (!cidr.includes(':')) capacity += 2 ** (32 - Number(cidr.split('/')[1])) - 2;
  const used = (kubectl(['get', 'ipaddresses', '-o', 'name'], { allowFailure: true }).stdout.match(/\S+/g) ?? []).length;
  return { capacity, used, free: capacity - used, cidrs: (cidrs.items ?? []).flatMap((i) => i.spec?.cidrs ?? []) };
}

let cleanedUp = false;
function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (namespaces.length > 0) {
    // The namespace controller removes the contents in the background.
    const r = kubectl(['delete', 'namespace', '--wait=false', '--ignore-not-found', ...namespaces], { allowFailure: true });
    log(`\ncleanup: ${r.status === 0 ? 'deleted' : 'FAILED to delete'} namespaces ${namespaces.join(', ')}${r.status === 0 ? '' : `: ${r.stderr.trim()}`}`);
  }
  if (args.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`\n${signal}: cleaning up`);
    stopping = true;
    current?.kill('SIGTERM');
    cleanup();
    process.exit(130);
  });
}

// ---------------------------------------------------------------- the repository

/** A synthetic repository whose `staging` environment deploys to `namespace`; returns its root. */
function makeRepo(projects, namespace, dir) {
  const repo = createSyntheticRepo({ projects, dir });
  pointAt(repo.root, namespace);
  return repo;
}
function pointAt(root, namespace) {
  const file = join(root, 'inventory/environments', `${ENV}.yml`);
  const env = load(readFileSync(file, 'utf8'));
  env.namespace = namespace;
  env.cluster = { name: 'bench-test-env', server: 'https://127.0.0.1' };
  env.secrets_path = 'bench';
  writeFileSync(file, dump(env));
}
/** Every secret of the catalogue with a dummy value. */
function writeSecrets(root) {
  const catalogue = load(readFileSync(join(root, 'inventory/secrets.yml'), 'utf8'));
  const file = join(work, 'secrets.yml');
  writeFileSync(file, dump(Object.fromEntries(Object.keys(catalogue.secrets).map((name) => [name, `bench-dummy-${name.toLowerCase()}`]))));
  chmodSync(file, 0o600);
  return file;
}
/** Changes the image tag of one project; returns the project's name. */
function changeOneProject(root, names) {
  for (const name of names) {
    const file = join(root, 'projects', name, 'project-vars.yml.j2');
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(/^(\s*image: \S+?):[\w.-]+\s*$/m, `$1:bench-${suffix}`);
    if (changed !== text) {
      writeFileSync(file, changed);
      return name;
    }
  }
  throw new Error('no project with an `image: repo:tag` line to change');
}

// ---------------------------------------------------------------- build

function build() {
  if (args['no-build']) return;
  section('build');
  buildDist(log);
}

// ---------------------------------------------------------------- ours

let dist;
async function loadEngine() {
  const base = new URL('../../dist/', import.meta.url);
  const [{ deploy, prepareDeploy }, { connectCluster }, { LocalFileBackend }, { SecretResolver }, { formatObjects }, { KubeConfig }] = await Promise.all([
    import(new URL('deploy/deploy.js', base).href),
    import(new URL('deploy/cluster.js', base).href),
    import(new URL('secrets/local-file-backend.js', base).href),
    import(new URL('deploy/fill-secrets.js', base).href),
    import(new URL('render/write-output.js', base).href),
    import('@kubernetes/client-node'),
  ]);
  const config = new KubeConfig();
  config.loadFromFile(TE.kubeconfig);
  dist = { deploy, prepareDeploy, connectCluster, LocalFileBackend, SecretResolver, formatObjects, config };
}

/** One in-process deploy() of the environment, with its CPU figures. */
async function oursOnce(root, secrets, label) {
  const quietMs = await settle();
  const servers = serverCpu();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await dist.deploy({
    root,
    targets: [ENV],
    concurrency: CONCURRENCY,
    backend: new dist.LocalFileBackend(secrets),
    clusterFor: () => dist.connectCluster(dist.config),
  });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const sum = (key) => result.results.reduce((n, r) => n + r[key].length, 0);
  const r = {
    label,
    ms,
    requests: result.requests,
    cpuMs: (used.user + used.system) / 1000,
    servers: cpuDelta(servers, serverCpu()),
    quietMs,
    projects: result.results.length,
    noop: result.results.filter((x) => x.noop).length,
    changedProjects: result.results.filter((x) => !x.noop).map((x) => x.project),
    created: sum('created'),
    configured: sum('configured'),
    unchanged: sum('unchanged'),
    pruned: sum('pruned'),
    failed: sum('failed'),
  };
  const failures = result.results.flatMap((x) => x.failed.map((f) => `${x.project}: ${f.message}`));
  log(
    `${label}: ${fmtMs(ms)} wall, ${fmtInt(r.requests)} API requests; ${r.projects} projects (${r.noop} no-op), ${r.created} created, ${r.configured} configured, ${r.unchanged} unchanged, ${r.pruned} pruned, ${r.failed} failed`,
  );
  log(`  CPU: this process ${fmtMs(r.cpuMs)}; servers ${fmtCpu(r.servers)} (waited ${fmtMs(quietMs)} for a quiet control plane first)`);
  if (failures.length > 0) log(`  first failures:\n    ${failures.slice(0, 5).join('\n    ')}`);
  return r;
}

/** Render, validation and secrets alone (what deploy() does before its first request), warm. */
async function prepareOnly(root, secrets) {
  const start = performance.now();
  await dist.prepareDeploy({ root, targets: [ENV] }, new dist.SecretResolver(new dist.LocalFileBackend(secrets)));
  return performance.now() - start;
}

/** `deployment-all apply` in a fresh process: the figure a CI job sees. `env` adds to the process environment. */
async function oursCli(root, secrets, label, { target = ENV, env = {}, quiet = false, unbundled = false } = {}) {
  const quietMs = await settle();
  const servers = serverCpu();
  const cliArgs = ['--root', root, 'apply', target, '--concurrency', String(CONCURRENCY), '--secrets-file', secrets];
  // `unbundled`: the CLI from tsc's dist/cli/main.js, as it ran before the bundle (scripts/build-cli.mjs).
  const [command, commandArgs] = unbundled ? [process.execPath, ['--input-type=module', '-e', UNBUNDLED_CLI, '--', ...cliArgs]] : [CLI, cliArgs];
  const r = await run(command, commandArgs, {
    env: { ...process.env, KUBECONFIG: TE.kubeconfig, DEPLOYMENT_ALL_CACHE_DIR: CACHE_DIR, ...env },
    allowFailure: true,
  });
  const m = /(\d+) project-environments in (\d+) ms, (\d+) API requests(, (\d+) failures)?/.exec(r.stderr);
  const unchanged = (r.stdout.match(/unchanged \(no-op\)/g) ?? []).length;
  const out = {
    label,
    ms: r.ms,
    status: r.status,
    internalMs: m ? Number(m[2]) : NaN,
    requests: m ? Number(m[3]) : NaN,
    projects: m ? Number(m[1]) : NaN,
    noop: unchanged,
    servers: cpuDelta(servers, serverCpu()),
    quietMs,
  };
  if (!quiet || r.status !== 0 || !m)
    log(
      `${label}: ${fmtMs(r.ms)} wall (spawn to exit; the CLI reports ${m ? `${m[2]} ms, ${m[3]} API requests` : 'nothing'}), exit ${r.status}; ${unchanged} of ${out.projects} projects no-op`,
    );
  if (r.status !== 0 || !m) log(`  stderr: ${r.stderr.trim().split('\n').slice(-5).join('\n  ')}`);
  return out;
}

/** `runs` cold CLI processes of the same apply; their median and range. */
async function oursCliRuns(root, secrets, label, options = {}) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oursCli(root, secrets, label, { ...options, quiet: true }));
  const s = summary(runs.map((r) => r.ms));
  const ok = runs.every((r) => r.status === 0 && r.noop === r.projects);
  log(
    `${label}: ${fmtRange(s)}${ok ? '' : ' (NOT every run was an all-no-op success)'}; ${runs[0].requests} API requests, ${runs[0].projects} project-environments`,
  );
  return { ...runs[runs.length - 1], ms: s.median, summary: s, ok };
}

// ---------------------------------------------------------------- kubectl

/** The same objects (secrets filled in), one YAML file per project, for `kubectl apply -f`. */
async function writeKubectlFiles(root, secrets, namespace, ourNamespace) {
  pointAt(root, namespace);
  let plan;
  try {
    plan = await dist.prepareDeploy({ root, targets: [ENV] }, new dist.SecretResolver(new dist.LocalFileBackend(secrets)));
  } finally {
    pointAt(root, ourNamespace);
  }
  const dir = join(work, 'kubectl-manifests');
  mkdirSync(dir, { recursive: true });
  const files = [];
  let objects = 0;
  let services = 0;
  for (const { items } of plan) {
    for (const item of items) {
      services += item.objects.filter((o) => o.kind === 'Service').length;
      const file = join(dir, `${item.project}.yaml`);
      writeFileSync(file, dist.formatObjects(item.objects, 'yaml'), { mode: 0o600 });
      files.push(file);
      objects += item.objects.length;
    }
  }
  return { files, objects, services };
}

/** `kubectl apply --server-side` one project at a time, as a plain CI loop would. */
async function kubectlLoop(files, label) {
  const quietMs = await settle();
  const servers = serverCpu();
  const childCpu = childrenCpuSeconds();
  let requests = 0;
  let failed = 0;
  let firstError;
  const start = performance.now();
  for (const file of files) {
    if (stopping) break;
    const r = await kubectlAsync(['apply', '--server-side', '--field-manager=bench-kubectl', '-v=6', '-f', file], { allowFailure: true });
    requests += (r.stderr.match(/"Response" verb=/g) ?? []).length;
    if (r.status !== 0) {
      failed++;
      firstError ??= r.stderr
        .split('\n')
        .filter((l) => !/^I\d{4} /.test(l))
        .join('\n')
        .trim();
    }
  }
  const ms = performance.now() - start;
  const out = { label, ms, requests, failed, cpuMs: (childrenCpuSeconds() - childCpu) * 1000, servers: cpuDelta(servers, serverCpu()), quietMs };
  log(`${label}: ${fmtMs(ms)} wall, ${fmtInt(requests)} API requests, ${files.length} kubectl processes (${fmtMs(ms / files.length)} each), ${failed} failed`);
  log(`  CPU: kubectl processes ${fmtMs(out.cpuMs)}; servers ${fmtCpu(out.servers)}`);
  if (firstError) log(`  first error: ${firstError.slice(0, 400)}`);
  return out;
}

// ---------------------------------------------------------------- memory and profile (children)

async function child(projects, { phases = 'first,noop', nodeFlags = [], extra = [], tag = '' } = {}) {
  const namespace = createNamespace(`bench-deploy-${suffix}-m${projects}${tag}`);
  const repo = makeRepo(projects, namespace, join(work, `repo-${projects}${tag}`));
  const secrets = writeSecrets(repo.root);
  await settle();
  const before = serverCpu();
  const r = await run(process.execPath, [
    ...nodeFlags,
    CHILD,
    '--root',
    repo.root,
    '--secrets',
    secrets,
    '--kubeconfig',
    TE.kubeconfig,
    '--env',
    ENV,
    '--concurrency',
    String(CONCURRENCY),
    '--phases',
    phases,
    ...extra,
  ]);
  // Gone before the next measurement: it holds cluster IPs, and its deletion is load.
  const servers = cpuDelta(before, serverCpu());
  const deleteMs = await deleteNamespace(namespace);
  repo.cleanup();
  return { projects, wallMs: r.ms, deleteMs, servers, ...lastJson(r.stdout) };
}

async function memory() {
  section(`memory: peak RSS of a fresh process deploying N projects (first deploy, then a no-op), each into its own namespace`);
  const rows = [['projects', 'objects', 'first deploy', 'no-op', 'requests (first)', 'peak RSS', 'heap used at end']];
  const results = [];
  for (const size of SIZES) {
    const r = await child(size);
    results.push(r);
    const f = r.phases.first;
    const n = r.phases.noop;
    rows.push([
      size,
      f.created + f.configured + f.unchanged,
      fmtMs(f.ms),
      fmtMs(n.ms),
      fmtInt(f.requests),
      `${r.maxRssMb.toFixed(0)} MB`,
      `${r.heapUsedMb.toFixed(0)} MB`,
    ]);
    if (f.failed + n.failed > 0) log(`  ${size} projects: ${f.failed + n.failed} failures, first: ${f.firstFailure ?? n.firstFailure}`);
  }
  log(table(rows));
  return results;
}

async function profile() {
  section(`profile: node --cpu-prof of a first deploy of ${PROJECTS} projects in a fresh process`);
  const dir = join(work, 'profile');
  mkdirSync(dir, { recursive: true });
  const r = await child(PROJECTS, { phases: 'first', nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir], tag: 'p' });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const f = r.phases.first;
  log(
    `first deploy ${fmtMs(f.ms)} wall, this process's CPU during it ${fmtMs(f.cpuMs)} (${((100 * f.cpuMs) / f.ms).toFixed(0)}% of the wall time); ${fmtInt(f.requests)} API requests (${fmtMs(f.ms / f.requests)} of wall time per request at concurrency ${CONCURRENCY})`,
  );
  if (file) {
    const s = summarizeProfile(join(dir, file), 12);
    log(formatSummary(s));
    log(`CPU of the servers over the whole child: ${fmtCpu(r.servers)}`);
    if (args.keep) log(`profile: ${join(dir, file)}`);
  }
  return r;
}

// ---------------------------------------------------------------- main

async function main() {
  log(
    `deploy benchmark: ${PROJECTS} projects, environment ${ENV}, concurrency ${CONCURRENCY}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; node ${process.version}`,
  );
  log(`API server: ${TE.kubeconfig}, kubectl ${TE.kubectl}`);
  build();
  await loadEngine();

  const ours = createNamespace(`bench-deploy-${suffix}`);
  const theirs = args['no-kubectl'] ? undefined : createNamespace(`bench-kubectl-${suffix}`);
  const repo = makeRepo(PROJECTS, ours, join(work, 'repo'));
  const secrets = writeSecrets(repo.root);
  log(`namespaces: ours ${ours}${theirs ? `, kubectl ${theirs}` : ''}; repository ${repo.root}`);

  let manifests;
  if (theirs) {
    manifests = await writeKubectlFiles(repo.root, secrets, theirs, ours);
    log(`rendered for kubectl: ${fmtInt(manifests.objects)} objects in ${manifests.files.length} files (one per project)`);
    const room = serviceIpRoom();
    log(
      `cluster IPs: ${room.used} of ${room.capacity} in use (service CIDR ${room.cidrs.join(', ')}); each copy of this repository needs ${manifests.services}, so each namespace is deleted (and waited for) before the next one is filled`,
    );
    if (room.free < manifests.services) log(`WARNING: only ${room.free} cluster IPs free: Services will fail with "range is full"`);
  }

  section(`ours: deploy() in this process (warm), ${PROJECTS} projects`);
  const first = await oursOnce(repo.root, secrets, 'first deploy');
  const objects = first.created + first.configured + first.unchanged;
  log(`  ${fmtInt(objects)} objects (${(objects / PROJECTS).toFixed(2)} per project), plus one inventory ConfigMap per project`);
  const noop = await oursOnce(repo.root, secrets, 'no-op redeploy');
  const prepMs = await prepareOnly(repo.root, secrets);
  log(`  of a deploy, render + validation + secrets alone (warm, no API request): ${fmtMs(prepMs)}`);
  const changedName = changeOneProject(repo.root, repo.projects);
  const one = await oursOnce(repo.root, secrets, `one project changed (${changedName}: image tag)`);
  if (one.changedProjects.join() !== changedName) log(`  UNEXPECTED: projects not no-op: ${one.changedProjects.join(', ') || 'none'}`);

  section(`ours: the CLI in fresh processes (what a GitLab deploy job pays), ${PROJECTS} projects, ${RUNS} runs each`);
  const cliEmpty = await oursCli(repo.root, secrets, 'no-op redeploy, deployment-all apply, empty render cache (fills it)');
  const cli = await oursCliRuns(repo.root, secrets, 'no-op redeploy, deployment-all apply, render cache filled');
  const cliOff = await oursCliRuns(repo.root, secrets, 'no-op redeploy, deployment-all apply, DEPLOYMENT_ALL_RENDER_CACHE=off', {
    env: { DEPLOYMENT_ALL_RENDER_CACHE: 'off' },
  });
  const cliUnbundled = await oursCliRuns(repo.root, secrets, 'no-op redeploy, unbundled dist/cli/main.js, DEPLOYMENT_ALL_RENDER_CACHE=off', {
    env: { DEPLOYMENT_ALL_RENDER_CACHE: 'off' },
    unbundled: true,
  });
  const oneTarget = `${ENV}/${repo.projects[0]}`;
  const cliOne = await oursCliRuns(repo.root, secrets, `one-project job, deployment-all apply ${oneTarget}, render cache filled`, { target: oneTarget });
  const cliOneOff = await oursCliRuns(repo.root, secrets, `one-project job, apply ${oneTarget}, DEPLOYMENT_ALL_RENDER_CACHE=off`, {
    target: oneTarget,
    env: { DEPLOYMENT_ALL_RENDER_CACHE: 'off' },
  });
  const bare = summary(Array.from({ length: 10 }, () => timed(process.execPath, ['-e', '0']).ms));
  const help = summary(Array.from({ length: 10 }, () => timed(CLI, ['apply', '--help']).ms));
  log(`for scale: a bare \`node -e 0\` ${fmtRange(bare)}; \`deployment-all apply --help\` ${fmtRange(help)}`);
  log(`(namespace ${ours} deleted in ${fmtMs(await deleteNamespace(ours))}, waited for)`);

  let kFirst;
  let kNoop;
  if (theirs) {
    section(`kubectl apply --server-side, one project at a time, ${PROJECTS} projects`);
    kFirst = await kubectlLoop(manifests.files, 'first apply');
    kNoop = await kubectlLoop(manifests.files, 'no-op re-apply');
    log(`(namespace ${theirs} deleted in ${fmtMs(await deleteNamespace(theirs))}, waited for)`);
  }

  const mem = args['no-memory'] ? [] : await memory();

  const firstRatio = kFirst ? kFirst.ms / first.ms : undefined;
  const firstMiss = firstRatio !== undefined && firstRatio < KUBECTL_RATIO_GOAL;
  const prof = args.profile || firstMiss ? await profile() : undefined;

  section('summary');
  const rows = [['', 'wall', 'API requests', 'vs kubectl loop']];
  const vs = (k, o) => (k ? `${(k.ms / o.ms).toFixed(1)}x faster` : '');
  rows.push(['ours, first deploy (in-process)', fmtMs(first.ms), fmtInt(first.requests), vs(kFirst, first)]);
  rows.push(['ours, no-op redeploy (in-process)', fmtMs(noop.ms), fmtInt(noop.requests), vs(kNoop, noop)]);
  rows.push(['ours, no-op redeploy (CLI, empty render cache)', fmtMs(cliEmpty.ms), fmtInt(cliEmpty.requests), vs(kNoop, cliEmpty)]);
  rows.push(['ours, no-op redeploy (CLI, render cache filled)', fmtMs(cli.ms), fmtInt(cli.requests), vs(kNoop, cli)]);
  rows.push(['ours, no-op redeploy (CLI, render cache off)', fmtMs(cliOff.ms), fmtInt(cliOff.requests), vs(kNoop, cliOff)]);
  rows.push(['ours, no-op redeploy (CLI unbundled, cache off)', fmtMs(cliUnbundled.ms), fmtInt(cliUnbundled.requests), vs(kNoop, cliUnbundled)]);
  rows.push(['ours, one-project no-op job (CLI, cache filled)', fmtMs(cliOne.ms), fmtInt(cliOne.requests), '']);
  rows.push(['ours, one-project no-op job (CLI, cache off)', fmtMs(cliOneOff.ms), fmtInt(cliOneOff.requests), '']);
  rows.push(['ours, one project changed (in-process)', fmtMs(one.ms), fmtInt(one.requests), '']);
  if (kFirst) rows.push(['kubectl loop, first apply', fmtMs(kFirst.ms), fmtInt(kFirst.requests), '']);
  if (kNoop) rows.push(['kubectl loop, no-op re-apply', fmtMs(kNoop.ms), fmtInt(kNoop.requests), '']);
  const big = mem.find((m) => m.projects === PROJECTS);
  if (big)
    rows.push(['ours, first deploy (fresh process, memory run)', fmtMs(big.phases.first.ms), fmtInt(big.phases.first.requests), vs(kFirst, big.phases.first)]);
  log(table(rows));
  log('');
  log(`${fmtInt(objects)} objects in ${PROJECTS} projects.`);
  log(`[${mark(noop.ms < NOOP_GOAL_MS)}] no-op redeploy of all ${PROJECTS} under ${NOOP_GOAL_MS / 1000} s, in-process: ${fmtMs(noop.ms)}`);
  log(
    `[${mark(cli.ok && cli.ms < CLI_NOOP_GOAL_MS)}] no-op redeploy of all ${PROJECTS} under ${CLI_NOOP_GOAL_MS} ms from a cold CLI process (spawn to exit, render cache filled): median ${fmtMs(cli.ms)}`,
  );
  log(
    `[${mark(cliOne.ok && cliOne.ms < CLI_ONE_GOAL_MS)}] one-project no-op job (apply ${oneTarget}) under ${CLI_ONE_GOAL_MS} ms from a cold CLI process: median ${fmtMs(cliOne.ms)}`,
  );
  if (firstRatio !== undefined) {
    log(
      `[${mark(!firstMiss)}] first deploy at least ${KUBECTL_RATIO_GOAL}x faster than the kubectl loop: ${firstRatio.toFixed(2)}x (${fmtMs(first.ms)} vs ${fmtMs(kFirst.ms)})`,
    );
    // The control plane shares this machine's CPUs: the CPU it spent during our deploy bounds how fast the deploy can be.
    const floorMs = (serverSeconds(first.servers) * 1000) / cpus().length;
    log(
      `  the servers spent ${((floorMs * cpus().length) / 1000).toFixed(1)} s of CPU during it: on ${cpus().length} CPUs that alone takes ${fmtMs(floorMs)}, so the best ratio this machine allows is ${(kFirst.ms / floorMs).toFixed(1)}x`,
    );
  }
  if (mem.length >= 2) {
    const lo = mem[0];
    const hi = mem[mem.length - 1];
    const perProjectKb = ((hi.maxRssMb - lo.maxRssMb) * 1024) / (hi.projects - lo.projects);
    log(
      `[${mark(hi.maxRssMb <= lo.maxRssMb * RSS_FLAT_FACTOR)}] memory flat (peak RSS at ${hi.projects} at most ${RSS_FLAT_FACTOR}x that at ${lo.projects}): ${mem.map((m) => `${m.projects}: ${m.maxRssMb.toFixed(0)} MB`).join(', ')}; ${perProjectKb.toFixed(0)} KB per added project`,
    );
  }
  if (prof)
    log(`(profile of a first deploy above: this process busy ${((100 * prof.phases.first.cpuMs) / prof.phases.first.ms).toFixed(0)}% of its wall time)`);
  const bad = [first, noop, one].filter((r) => r.failed > 0).length + (cli.status !== 0 ? 1 : 0) + (kFirst?.failed ?? 0) + (kNoop?.failed ?? 0);
  if (bad > 0) log(`NOTE: some runs reported failures (see above); their timings are not comparable.`);
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  log(`\nbench:deploy crashed: ${error.stack ?? error}`);
} finally {
  cleanup();
}
