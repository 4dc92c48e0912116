/** What a TypeScript source file imports at run time: its static imports, less the type-only ones the compiler erases. */
import { dirname, resolve } from 'node:path';

/** Every module specifier a file loads when it is loaded (not `import type`, not `import { type A }`, not `await import()`). */
export function runtimeSpecifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    const clause = match[0];
    if (match[2] !== undefined) continue;
    // `import { type A, type B } from` is type-only too.
    const braces = /\{([^}]*)\}/.exec(clause);
    const named =
      braces?.[1]
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '') ?? [];
    const hasDefault = /^import\s+[A-Za-z_$][\w$]*\s*(,|from)/.test(clause) || /\*\s+as\s/.test(clause);
    if (!hasDefault && named.length > 0 && named.every((n) => n.startsWith('type '))) continue;
    found.push(match[3] as string);
  }
  return found;
}

/** The files of our own (relative `.js` imports, as their `.ts` sources) that `file` loads at run time. */
export function runtimeImports(file: string, text: string): string[] {
  return runtimeSpecifiers(text)
    .filter((specifier) => specifier.startsWith('.') && specifier.endsWith('.js'))
    .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
}
