import { resolve } from 'node:path';
import { DeploymentAllError } from '../../lib/errors.js';
import { loadInventory, variablesFor } from '../../render/inventory.js';
import type { GlobalOptions } from '../main.js';
import type { Io } from '../output.js';

export async function variableCommand(io: Io, globals: GlobalOptions, name: string, options: { env: string }): Promise<number> {
  const inventory = loadInventory(resolve(io.cwd, globals.root));
  if (!inventory.environments.some((e) => e.name === options.env)) {
    throw new DeploymentAllError(`--env ${options.env}: unknown environment; known: ${inventory.environments.map((e) => e.name).join(', ')}`);
  }
  const value = variablesFor(inventory, options.env)[name];
  if (value === undefined) throw new DeploymentAllError(`variable ${name} is not defined for environment ${options.env} in inventory/variables.yml`);
  io.stdout(`${String(value)}\n`);
  return 0;
}
