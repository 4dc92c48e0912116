/** The precompiled validators (see generate-validators.ts), typed as ajv validate functions. */
import type { ValidateFunction } from 'ajv';
import validateEnvironmentFn from './generated/environment.validator.js';
import validateProjectVarsFn from './generated/project-vars.validator.js';
import validateSecretsCatalogueFn from './generated/secrets-catalogue.validator.js';
import validateVariablesFn from './generated/variables.validator.js';

export const validateProjectVars = validateProjectVarsFn as unknown as ValidateFunction;
export const validateEnvironment = validateEnvironmentFn as unknown as ValidateFunction;
export const validateVariables = validateVariablesFn as unknown as ValidateFunction;
export const validateSecretsCatalogue = validateSecretsCatalogueFn as unknown as ValidateFunction;
