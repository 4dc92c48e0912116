import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { load } from 'js-yaml';
import { DeploymentAllError } from '../../lib/errors.js';
import { isRecord } from '../../lib/is-record.js';
import { createTemplateEngine } from '../../render/engine/index.js';
import { loadInventory } from '../../render/inventory.js';
import { templateProblems } from '../../render/project-vars.js';
import { ProblemsError } from '../../lib/errors.js';
import { makeScope, repositoryFilters, scopeGlobals, templateContext, type ScopeRef } from '../../render/render-scope.js';
import { templateSearchPath } from '../../render/render-repository.js';
import type { GlobalOptions } from '../main.js';
import type { Io } from '../output.js';

function readVars(file: string): Record<string, unknown> {
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

export async function templateCommand(io: Io, globals: GlobalOptions, file: string, options: { vars: string[]; env?: string }): Promise<number> {
  const root = resolve(io.cwd, globals.root);
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new DeploymentAllError(`${file}: no such template`);
  const scope: ScopeRef = {};
  let context: Record<string, unknown> = {};
  if (options.env) {
    const inventory = loadInventory(root);
    const environment = inventory.environments.find((e) => e.name === options.env);
    if (!environment) throw new DeploymentAllError(`--env ${options.env}: unknown environment; known: ${inventory.environments.map((e) => e.name).join(', ')}`);
    scope.current = makeScope(inventory, environment, 'template');
    context = templateContext(scope.current);
  }
  for (const varsFile of options.vars) context = { ...context, ...readVars(resolve(io.cwd, varsFile)) };
  const engine = createTemplateEngine({ searchPaths: [dirname(path), ...templateSearchPath(root)], globals: scopeGlobals(scope), filters: repositoryFilters() });
  try {
    io.stdout(engine.renderString(readFileSync(path, 'utf8'), context, file));
  } catch (error) {
    throw new ProblemsError(templateProblems(error, file));
  }
  return 0;
}
