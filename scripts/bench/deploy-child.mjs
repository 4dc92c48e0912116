/**
 * One deploy measurement in a fresh `node` process, run by deploy.mjs: for the peak
 * memory per project count, and for the CPU profile of a first deploy.
 *
 *   node deploy-child.mjs --root DIR --secrets FILE --kubeconfig FILE [--env staging] [--concurrency 4] [--phases first,noop]
 *
 * Each phase is one deploy() of the whole environment in this process. Prints one
 * JSON line: per phase its wall time, API requests and outcome counts, then the
 * process's peak RSS (process.resourceUsage().maxRSS) and its CPU time.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const bootMs = performance.now();
const { values: opts } = parseArgs({
  options: {
    root: { type: 'string' },
    secrets: { type: 'string' },
    kubeconfig: { type: 'string' },
    env: { type: 'string', default: 'staging' },
    concurrency: { type: 'string', default: '4' },
    phases: { type: 'string', default: 'first,noop' },
  },
});
for (const required of ['root', 'secrets', 'kubeconfig']) if (!opts[required]) throw new Error(`deploy-child: --${required} is required`);
const dist = new URL('../../dist/', import.meta.url);

const t0 = performance.now();
const { deploy } = await import(new URL('deploy/deploy.js', dist).href);
const { connectCluster } = await import(new URL('deploy/cluster.js', dist).href);
const { LocalFileBackend } = await import(new URL('secrets/local-file-backend.js', dist).href);
const { KubeConfig } = await import('@kubernetes/client-node');
const importMs = performance.now() - t0;

const config = new KubeConfig();
config.loadFromFile(opts.kubeconfig);

/** One deploy of the environment; the counts say whether it did what the phase expects. */
async function measureDeploy({ root, env, secrets, concurrency }) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await deploy({ root, targets: [env], concurrency, backend: new LocalFileBackend(secrets), clusterFor: () => connectCluster(config) });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const sum = (key) => result.results.reduce((n, r) => n + r[key].length, 0);
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    requests: result.requests,
    projects: result.results.length,
    noop: result.results.filter((r) => r.noop).length,
    created: sum('created'),
    configured: sum('configured'),
    unchanged: sum('unchanged'),
    pruned: sum('pruned'),
    failed: sum('failed'),
    firstFailure: result.results.flatMap((r) => r.failed.map((f) => f.message))[0],
  };
}

const phases = {};
for (const phase of opts.phases.split(',').filter(Boolean)) {
  phases[phase] = await measureDeploy({ root: opts.root, env: opts.env, secrets: opts.secrets, concurrency: Math.max(1, Number(opts.concurrency) || 4) });
}
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    bootMs,
    importMs,
    phases,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  }) + '\n',
);
