/**
 * The precompiled validators (see generate-validators.ts), typed as ajv validate
 * functions, each carrying its schema (`validate.schema`) for the error messages.
 */
import type { ValidateFunction } from 'ajv';
import validateAlertingFn, { schema as alertingSchema } from './generated/alerting.validator.js';
import validateEnvironmentFn, { schema as environmentSchema } from './generated/environment.validator.js';
import validateProjectVarsFn, { schema as projectVarsSchema } from './generated/project-vars.validator.js';
import validateSecretsCatalogueFn, { schema as secretsCatalogueSchema } from './generated/secrets-catalogue.validator.js';
import validateVariablesFn, { schema as variablesSchema } from './generated/variables.validator.js';

function withSchema(fn: unknown, schema: unknown): ValidateFunction {
  return Object.assign(fn as ValidateFunction, { schema });
}

export const validateProjectVars = withSchema(validateProjectVarsFn, projectVarsSchema);
export const validateEnvironment = withSchema(validateEnvironmentFn, environmentSchema);
export const validateVariables = withSchema(validateVariablesFn, variablesSchema);
export const validateSecretsCatalogue = withSchema(validateSecretsCatalogueFn, secretsCatalogueSchema);
export const validateAlerting = withSchema(validateAlertingFn, alertingSchema);
