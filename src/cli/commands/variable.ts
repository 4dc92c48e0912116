import { resolve } from 'node:path';
import { Command } from 'commander';
import { DeploymentAllError } from '../../lib/errors.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { environmentOption } from '../options.js';
import type { Io } from '../output.js';

export function variableCommand(cli: Cli): Command {
  return new Command('variable')
    .description('print an inventory variable as seen by an environment (for shell scripts)')
    .argument('<name>', 'variable name')
    .addOption(environmentOption(cli.io))
    .action(cli.action(runVariable));
}

async function runVariable(io: Io, globals: GlobalOptions, name: string, options: { env: string }): Promise<number> {
  const { findEnvironment, loadInventory, variablesFor } = await import('../../render/inventory.js');
  const inventory = loadInventory(resolve(io.cwd, globals.root));
  const environment = findEnvironment(inventory, options.env);
  const value = variablesFor(inventory, environment.name)[name];
  if (value === undefined) throw new DeploymentAllError(`variable ${name} is not defined for environment ${environment.name} in inventory/variables.yml`);
  io.stdout(`${String(value)}\n`);
  return 0;
}
