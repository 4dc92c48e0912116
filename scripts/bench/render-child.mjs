/**
 * One measurement of our render, run in a fresh `node` process by render.mjs so
 * that module loading counts the way it does for a CLI run.
 *
 *   node render-child.mjs --root DIR [--warm N] [--targets a,b] [--serialize] [--no-monitoring] [--dump-models FILE]
 *
 * Prints one JSON line: the cold figures (import, first render), the warm renders
 * (N more in this process), peak RSS, and the counts.
 */
import { performance } from 'node:perf_hooks';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// performance.now() counts from process start, so this is node's own bootstrap.
const bootMs = performance.now();
const { values: opts } = parseArgs({
  options: {
    root: { type: 'string' },
    warm: { type: 'string', default: '0' },
    targets: { type: 'string' },
    serialize: { type: 'boolean', default: false },
    // Without the monitoring (alert rules, Loki rules, dashboards): what it costs.
    'no-monitoring': { type: 'boolean', default: false },
    'dump-models': { type: 'string' },
  },
});
if (!opts.root) throw new Error('render-child: --root is required');
const dist = new URL('../../dist/render/', import.meta.url);
const targets = opts.targets ? opts.targets.split(',') : undefined;
const warmRuns = Math.min(Math.max(Number(opts.warm) || 0, 0), 200);

const t0 = performance.now();
const { renderRepository } = await import(new URL('render-repository.js', dist).href);
const { formatObjects } = opts.serialize ? await import(new URL('write-output.js', dist).href) : {};
const importMs = performance.now() - t0;

/** One render (and its YAML serialization when asked: the same work the Jinja2 reference does). */
function once() {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = renderRepository({ root: opts.root, targets, monitoring: !opts['no-monitoring'] });
  const ms = performance.now() - start;
  const renderCpu = process.cpuUsage(cpu);
  let bytes = 0;
  if (formatObjects) for (const r of result.rendered) bytes += formatObjects(r.objects, 'yaml').length;
  const serializeMs = performance.now() - start - ms;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { ms, serializeMs, cpuMs, renderCpuMs: (renderCpu.user + renderCpu.system) / 1000, result, bytes };
}

let first = once();
// From process start to the end of the first render: what a CLI run of it costs (minus exit).
const coldEndMs = performance.now();
const coldCpu = process.cpuUsage();
const counts = {
  pairs: first.result.rendered.length,
  disabled: first.result.disabled.length,
  objects: first.result.rendered.reduce((n, r) => n + r.objects.length, 0),
  bytes: first.bytes,
  alertRules: first.result.rendered.reduce((n, r) => n + r.rules.rules.length, 0),
  logRules: first.result.rendered.reduce((n, r) => n + (r.logRules?.rules.length ?? 0), 0),
  dashboards: first.result.rendered.filter((r) => r.dashboard).length,
};
if (opts['dump-models']) await dumpModels(opts['dump-models'], first.result);
const { ms: firstMs, serializeMs: firstSerializeMs, cpuMs: firstCpuMs } = first;
// Drop the first result before the warm runs: a long-lived process keeps one render, not two.
first = undefined;

const warm = [];
for (let i = 0; i < warmRuns; i++) {
  const { ms, serializeMs, cpuMs, renderCpuMs } = once();
  warm.push({ ms, serializeMs, cpuMs, renderCpuMs });
}

process.stdout.write(
  JSON.stringify({
    bootMs,
    importMs,
    firstMs,
    firstSerializeMs,
    firstCpuMs,
    coldEndMs,
    coldCpuMs: (coldCpu.user + coldCpu.system) / 1000,
    warm,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    counts,
  }) + '\n',
);

/**
 * Everything the Jinja2 reference (and the helm chart) needs to redo this work:
 * each project's vars template text and raw templates, the context and inventory
 * variables per environment, and the model our render produced.
 */
async function dumpModels(file, result) {
  const { templateContext, makeScope } = await import(new URL('render-scope.js', dist).href);
  const { listProjects } = await import(new URL('projects.js', dist).href);
  const sources = {};
  for (const p of listProjects(opts.root).projects) {
    sources[p.name] = {
      vars: readFileSync(join(opts.root, p.varsFile), 'utf8'),
      raw: p.rawTemplates.map((f) => ({ file: f, text: readFileSync(join(opts.root, f), 'utf8') })),
    };
  }
  const environments = {};
  for (const env of result.inventory.environments) {
    const scope = makeScope(result.inventory, env, '');
    environments[env.name] = { context: templateContext(scope), variables: scope.variables };
  }
  const cases = result.rendered.map((r) => ({
    project: r.project,
    environment: r.environment,
    model: r.model,
    kinds: r.objects.map((o) => o.kind),
    objects: r.objects,
  }));
  writeFileSync(file, JSON.stringify({ templates: join(opts.root, 'templates'), sources, environments, cases }));
}
