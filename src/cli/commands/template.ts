import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { DeploymentAllError, ProblemsError } from '../../lib/errors.js';
import type { ScopeRef } from '../../render/render-scope.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import type { Io } from '../output.js';

export function templateCommand(cli: Cli): Command {
  return new Command('template')
    .description('render one template with the given variables to stdout (for debugging templates)')
    .argument('<file>', 'template file; imports resolve from its folder, then templates/')
    .option(
      '--vars <file>',
      'YAML file of variables (repeatable; later files win)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--env <environment>', 'make cki_variable() and cki_secret() answer for this environment')
    .action(cli.action(runTemplate));
}

async function readVars(file: string): Promise<Record<string, unknown>> {
  const { load } = await import('js-yaml');
  const { isRecord } = await import('../../lib/is-record.js');
  if (!existsSync(file)) throw new DeploymentAllError(`--vars ${file}: no such file`);
  let data: unknown;
  try {
    data = load(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeploymentAllError(`--vars ${file}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === undefined || data === null) return {};
  if (!isRecord(data)) throw new DeploymentAllError(`--vars ${file}: must be a mapping of variable names to values`);
  return data;
}

async function runTemplate(io: Io, globals: GlobalOptions, file: string, options: { vars: string[]; env?: string }): Promise<number> {
  const { createTemplateEngine } = await import('../../render/engine/index.js');
  const { findEnvironment, loadInventory } = await import('../../render/inventory.js');
  const { templateProblems } = await import('../../render/project-vars.js');
  const { makeScope, repositoryFilters, scopeGlobals, templateContext } = await import('../../render/render-scope.js');
  const { templateSearchPath } = await import('../../render/render-repository.js');
  const root = resolve(io.cwd, globals.root);
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new DeploymentAllError(`${file}: no such template`);
  const scope: ScopeRef = {};
  let context: Record<string, unknown> = {};
  if (options.env) {
    const inventory = loadInventory(root);
    scope.current = makeScope(inventory, findEnvironment(inventory, options.env), 'template');
    context = templateContext(scope.current);
  }
  for (const varsFile of options.vars) context = { ...context, ...(await readVars(resolve(io.cwd, varsFile))) };
  const engine = createTemplateEngine({
    searchPaths: [dirname(path), ...templateSearchPath(root)],
    globals: scopeGlobals(scope),
    filters: repositoryFilters(),
  });
  try {
    io.stdout(engine.renderString(readFileSync(path, 'utf8'), context, file));
  } catch (error) {
    throw new ProblemsError(templateProblems(error, file));
  }
  return 0;
}
