/**
 * No runtime import cycles in src/: a module graph with cycles loads in an order that
 * depends on who is imported first, and hides which part depends on which.
 * Type-only imports are erased by the compiler and do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test-helper.ts') ? [path] : [];
  });
}

/** Relative imports that survive compilation (not `import type`, not `export type`). */
export function runtimeImports(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)\.js';/gms)) {
    const clause = match[0];
    if (match[2] !== undefined) continue;
    // `import { type A, type B } from` is type-only too.
    const braces = /\{([^}]*)\}/.exec(clause);
    const named = braces?.[1]?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [];
    const hasDefault = /^import\s+[A-Za-z_$][\w$]*\s*(,|from)/.test(clause) || /\*\s+as\s/.test(clause);
    if (!hasDefault && named.length > 0 && named.every((n) => n.startsWith('type '))) continue;
    found.push(resolve(dirname(file), `${match[3]}.ts`));
  }
  return found;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'active') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'active');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('src/ module graph', () => {
  it('has no runtime import cycle', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const graph = new Map(files.map((f) => [f, runtimeImports(f, readFileSync(f, 'utf8'))]));
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => relative(SRC, f)).join(' -> ')).toBeUndefined();
  });

  it('finds a cycle when there is one', () => {
    const a = resolve(SRC, 'a.ts');
    const b = resolve(SRC, 'b.ts');
    expect(runtimeImports(a, "import { x } from './b.js';\nimport type { Y } from './c.js';\nimport { type Z } from './d.js';\n")).toEqual([b]);
    expect(findCycle(new Map([[a, [b]], [b, [a]]]))).toEqual([a, b, a]);
  });
});
