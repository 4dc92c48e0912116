import { Command } from 'commander';
import type { Cli } from '../command.js';
import type { Io } from '../output.js';

export function schemaCommand(cli: Cli): Command {
  return new Command('schema').description('print the JSON Schema of project-vars files (for editors)').action(cli.action(runSchema));
}

async function runSchema(io: Io): Promise<number> {
  const { ProjectVarsSchema } = await import('../../render/schema/project-vars-schema.js');
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'deployment-all project vars', ...ProjectVarsSchema };
  io.stdout(JSON.stringify(schema, null, 2) + '\n');
  return 0;
}
