/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per function and
 * per source file, so "where does the render's time go" is answered without DevTools.
 *
 *   node scripts/bench/profile-summary.mjs FILE.cpuprofile [TOP]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Returns { totalMs, functions: [{ name, ms }], files: [{ name, ms }] }, largest first. */
export function summarizeProfile(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const functions = new Map();
  const files = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const url = shorten(callFrame.url);
    const fn = label(callFrame);
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    files.set(url || callFrame.functionName, (files.get(url || callFrame.functionName) ?? 0) + us);
    totalUs += us;
  }
  // Inclusive time: a node's samples plus its descendants', counted once per function
  // even through recursion (a function already on the stack does not count again).
  const inclusive = new Map();
  const root = profile.nodes[0];
  const walk = (node, onStack) => {
    let us = selfUs.get(node.id) ?? 0;
    const key = label(node.callFrame);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    for (const child of node.children ?? []) us += walk(byId.get(child), onStack);
    if (fresh) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
    return us;
  };
  walk(root, new Set());
  const sorted = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000 }));
  return { totalMs: totalUs / 1000, functions: sorted(functions), files: sorted(files), inclusive: sorted(inclusive) };
}

function label(callFrame) {
  const url = shorten(callFrame.url);
  return `${callFrame.functionName || '(anonymous)'} ${url ? `${url}:${callFrame.lineNumber + 1}` : ''}`.trim();
}

/** node_modules/<pkg>/... and dist/... are enough to recognise a file. */
function shorten(url) {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0) return path.slice(dist + 1);
  return path.startsWith('node:') ? path : path.split('/').slice(-2).join('/');
}

export function formatSummary({ totalMs, functions, files, inclusive }) {
  const pct = (ms) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%`;
  const lines = [`CPU profile: ${totalMs.toFixed(0)} ms sampled`, '  self time by file:'];
  for (const f of files) lines.push(`    ${pct(f.ms)} ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}`);
  lines.push('  inclusive time (the call and everything below it):');
  for (const f of inclusive) lines.push(`    ${pct(f.ms)} ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}`);
  lines.push('  self time by function:');
  for (const f of functions) lines.push(`    ${pct(f.ms)} ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(formatSummary(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 15))) + '\n');
}
