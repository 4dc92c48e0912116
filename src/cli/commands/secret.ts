import { resolve } from 'node:path';
import { DeploymentAllError } from '../../lib/errors.js';
import { loadInventory } from '../../render/inventory.js';
import { secretsBackendFor, type BackendChoice } from '../../secrets/backend-choice.js';
import type { GlobalOptions } from '../main.js';
import type { Io } from '../output.js';

export async function secretCommand(io: Io, globals: GlobalOptions, name: string, options: { env: string } & BackendChoice): Promise<number> {
  const inventory = loadInventory(resolve(io.cwd, globals.root));
  const environment = inventory.environments.find((e) => e.name === options.env);
  if (!environment) throw new DeploymentAllError(`--env ${options.env}: unknown environment; known: ${inventory.environments.map((e) => e.name).join(', ')}`);
  if (!(name in inventory.secrets.secrets)) throw new DeploymentAllError(`secret ${name} is not in the catalogue (inventory/secrets.yml)`);
  const backend = secretsBackendFor({ ...options, ...(options.secretsFile ? { secretsFile: resolve(io.cwd, options.secretsFile) } : {}) }, io.env);
  const value = await backend.getSecret({ name, secretsPath: environment.secrets_path });
  io.stdout(`${value}\n`);
  return 0;
}
