/** The precompiled validator of project vars (see generate-validators.ts and inventory-validators.ts). */
import validateProjectVarsFn, { schema as projectVarsSchema } from './generated/project-vars.validator.js';
import { withSchema } from './with-schema.js';

export const validateProjectVars = withSchema(validateProjectVarsFn, projectVarsSchema);
