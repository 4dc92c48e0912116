/**
 * The CLI starts in a blink: `deployment-all --help` loads main.ts and every command
 * file with what they import statically, `render --help` main.ts and render's file;
 * so none of them may import the engine, the Kubernetes client or the Vault client at
 * its top; a command's run function loads what it needs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';

/** Modules whose value is imported at the top of `file` (not `import type`, not `await import()`). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.isTypeOnly && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
      continue;
    }
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (clause?.isTypeOnly) continue;
    // `import { type A, type B } from` loads nothing either.
    const named = clause?.namedBindings;
    if (clause && !clause.name && named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)) continue;
    specifiers.push(statement.moduleSpecifier.text);
  }
  return specifiers;
}

/** Every module loaded by importing `entry`: our files relative to the repository, packages by name. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const key = relative(REPOSITORY_ROOT, file);
    if (seen.has(key)) return;
    seen.add(key);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else seen.add(specifier);
    }
  };
  visit(entry);
  return seen;
}

const HEAVY_PACKAGES = ['@kubernetes/client-node', 'node-vault', 'nunjucks', 'ajv', 'js-yaml', 'yaml', '@sinclair/typebox'];
const COMMAND_FILES = readdirSync(join(REPOSITORY_ROOT, 'src/cli/commands')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('CLI startup', () => {
  it('finds the command files', () => {
    expect(COMMAND_FILES).toEqual(expect.arrayContaining(['render.ts', 'apply.ts', 'diff.ts', 'history.ts', 'rollback.ts']));
  });

  it.each(['main.ts', ...COMMAND_FILES.map((f) => `commands/${f}`)])('%s loads neither the engine nor any client before a command runs', (file) => {
    const loaded = staticClosure(join(REPOSITORY_ROOT, 'src/cli', file));
    const heavy = [...loaded].filter((m) => /^src\/(render|deploy|secrets|services)\//.test(m) || HEAVY_PACKAGES.includes(m));
    expect(heavy).toEqual([]);
  });
});
