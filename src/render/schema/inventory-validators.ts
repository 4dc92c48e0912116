/**
 * The precompiled validators of the inventory's files (see generate-validators.ts):
 * small, and loaded by every command. The project vars' validator, most of the
 * generated code, is in project-vars-validator.ts, loaded only when a project is
 * rendered (not read from the render cache).
 */
import validateAlertingFn, { schema as alertingSchema } from './generated/alerting.validator.js';
import validateEnvironmentFn, { schema as environmentSchema } from './generated/environment.validator.js';
import validateSecretsCatalogueFn, { schema as secretsCatalogueSchema } from './generated/secrets-catalogue.validator.js';
import validateVariablesFn, { schema as variablesSchema } from './generated/variables.validator.js';
import { withSchema } from './with-schema.js';

export const validateEnvironment = withSchema(validateEnvironmentFn, environmentSchema);
export const validateVariables = withSchema(validateVariablesFn, variablesSchema);
export const validateSecretsCatalogue = withSchema(validateSecretsCatalogueFn, secretsCatalogueSchema);
export const validateAlerting = withSchema(validateAlertingFn, alertingSchema);
