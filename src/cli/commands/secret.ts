import { resolve } from 'node:path';
import { Command } from 'commander';
import { DeploymentAllError } from '../../lib/errors.js';
import type { BackendChoice } from '../../secrets/backend-choice.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { environmentOption, secretsBackend, secretsBackendOption, secretsFileOption } from '../options.js';
import type { Io } from '../output.js';

export function secretCommand(cli: Cli): Command {
  return new Command('secret')
    .description('print a secret value from the secrets backend (for shell scripts; never logged)')
    .argument('<name>', 'secret name from inventory/secrets.yml')
    .addOption(environmentOption(cli.io))
    .addOption(secretsFileOption())
    .addOption(secretsBackendOption())
    .action(cli.action(runSecret));
}

async function runSecret(io: Io, globals: GlobalOptions, name: string, options: { env: string } & BackendChoice): Promise<number> {
  const { findEnvironment, loadInventory } = await import('../../render/inventory.js');
  const inventory = loadInventory(resolve(io.cwd, globals.root));
  const environment = findEnvironment(inventory, options.env);
  if (!(name in inventory.secrets.secrets)) throw new DeploymentAllError(`secret ${name} is not in the catalogue (inventory/secrets.yml)`);
  const backend = await secretsBackend(options, io);
  const value = await backend.getSecret({ name, secretsPath: environment.secrets_path });
  io.stdout(`${value}\n`);
  return 0;
}
