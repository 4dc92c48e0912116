/**
 * The CLI starts in a blink: `deployment-all --help` loads main.ts and every command
 * file with what they import statically, `render --help` main.ts and render's file;
 * so none of them may import the engine, the Kubernetes client or the Vault client at
 * its top; a command's run function loads what it needs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runtimeSpecifiers } from '../helpers/runtime-imports.js';

/** Every module loaded by importing `entry`: our files relative to the repository, packages by name. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const key = relative(REPOSITORY_ROOT, file);
    if (seen.has(key)) return;
    seen.add(key);
    for (const specifier of runtimeSpecifiers(readFileSync(file, 'utf8'))) {
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
