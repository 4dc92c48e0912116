import { ProjectVarsSchema } from '../../render/schema/project-vars-schema.js';
import type { Io } from '../output.js';

export async function schemaCommand(io: Io): Promise<number> {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: 'deployment-all project vars', ...ProjectVarsSchema };
  io.stdout(JSON.stringify(schema, null, 2) + '\n');
  return 0;
}
