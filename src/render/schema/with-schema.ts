import type { ValidateFunction } from 'ajv';

/** A precompiled validator typed as an ajv validate function, carrying its schema (`validate.schema`) for the error messages. */
export function withSchema(fn: unknown, schema: unknown): ValidateFunction {
  return Object.assign(fn as ValidateFunction, { schema });
}
