/**
 * Validates parsed YAML against a schema with ajv and turns ajv's errors into
 * located, readable problems: one per real mistake, unknown keys with a
 * "did you mean" suggestion.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { Problem } from '../../lib/errors.js';
import { formatPath, type PathSegment, type YamlSource } from '../yaml-source.js';

function pathSegments(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** The value an error is about, looked up by its instance path (ajv's `verbose` is off). */
function valueAt(data: unknown, instancePath: string): unknown {
  let value = data;
  for (const segment of pathSegments(instancePath)) {
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return value;
}

/** The schema object holding the failed keyword, looked up by the error's schema path. */
function parentSchemaOf(schema: unknown, schemaPath: string): unknown {
  const segments = schemaPath
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .slice(0, -1);
  let node = schema;
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return node;
}

function isDeeper(inner: string, outer: string): boolean {
  return inner.startsWith(outer + '/');
}

/** Names a union's branches for "must be a string or an object". */
function describeUnion(schema: unknown): string {
  const branches = (schema as { anyOf?: { type?: string; const?: unknown }[] } | undefined)?.anyOf ?? [];
  const names = branches.map((b) => (b.const !== undefined ? JSON.stringify(b.const) : b.type === 'object' ? 'a mapping' : (b.type ?? 'value')));
  return [...new Set(names)].join(' or ');
}

/** Keeps the errors that explain the failure, dropping a union's noise. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  return errors.filter((error) => {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      // A deeper error, or an unknown key of the mapping branch, means one branch matched
      // in shape: report that instead.
      return !errors.some(
        (e) =>
          (isDeeper(e.instancePath, error.instancePath) && e.keyword !== 'anyOf') ||
          (e.instancePath === error.instancePath && e.keyword === 'additionalProperties'),
      );
    }
    const union = unions.find((u) => u.instancePath === error.instancePath || isDeeper(error.instancePath, u.instancePath));
    if (!union) return true;
    const unionHasDeeper = errors.some((e) => isDeeper(e.instancePath, union.instancePath) && e.keyword !== 'anyOf');
    // An unknown key of a mapping branch is the mistake (`{threshold: 3}` where false or
    // a closed mapping is allowed); other branch errors at the union's own level only
    // repeat "wrong type".
    if (error.keyword === 'additionalProperties') return true;
    return unionHasDeeper && error.instancePath !== union.instancePath;
  });
}

function messageOf(error: ErrorObject, schema: unknown, data: unknown): string {
  const parentSchema = () => parentSchemaOf(schema, error.schemaPath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((parentSchema() as { properties?: object } | undefined)?.properties ?? {});
      const guess = allowed.length > 0 ? closest(key, allowed) : undefined;
      const hint = guess && distance(key, guess) <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${guess}"?` : '';
      const list = allowed.length > 0 ? ` Allowed keys: ${allowed.join(', ')}.` : '';
      return `unknown key "${key}"${hint}${hint ? '' : list}`;
    }
    case 'anyOf':
    case 'oneOf':
      return `must be ${describeUnion(parentSchema())}`;
    case 'type':
      return `must be ${String((error.params as { type: string }).type)}, not ${describeValue(valueAt(data, error.instancePath))}`;
    case 'required':
      return `missing required key "${String((error.params as { missingProperty: string }).missingProperty)}"`;
    case 'pattern':
      return `${describeValue(valueAt(data, error.instancePath))} does not match ${String((error.params as { pattern: string }).pattern)}`;
    case 'minProperties':
    case 'maxProperties':
      return error.message === 'must NOT have more than 1 properties' || error.message === 'must NOT have fewer than 1 properties'
        ? 'must be a mapping with exactly one key'
        : (error.message ?? error.keyword);
    default:
      return error.message ?? error.keyword;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** Validates `data` with a precompiled validator (./validators.ts); returns located problems (empty when valid). */
export function validateAgainstSchema(validate: ValidateFunction, data: unknown, file: string, source?: YamlSource, basePath: PathSegment[] = []): Problem[] {
  if (validate(data)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of relevantErrors(validate.errors ?? [])) {
    const path = [...basePath, ...pathSegments(error.instancePath)];
    const key = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: string }).additionalProperty) : undefined;
    const shownPath = key ? [...path, key] : path;
    const message = messageOf(error, validate.schema, data);
    const id = `${formatPath(shownPath)}|${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ file, line: source?.lineOf(path, key), path: formatPath(shownPath), message });
  }
  return problems;
}
