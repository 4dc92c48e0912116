/**
 * Loads `inventory/`: environments, global variables with overrides, and the
 * catalogue of secret names. Every problem in every file is collected first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ProblemsError, UsageError, type Problem } from '../lib/errors.js';
import type { Environment, SecretsCatalogue, VariablesFile } from './schema/inventory-schema.js';
import { validateAlerting, validateEnvironment, validateSecretsCatalogue, validateVariables } from './schema/inventory-validators.js';
import { validateAgainstSchema } from './schema/validate.js';
import { isDnsLabel } from './objects/names.js';
import { parseYamlSource, YamlSyntaxError, type YamlSource } from './yaml-source.js';
import type { ValidateFunction } from 'ajv';
import { ALERTING_FILE, alertingProblems } from '../monitoring/alerting-checks.js';
import { isExpiryDate } from '../lib/secret-expiry.js';
import type { AlertingFile } from '../monitoring/alerting-schema.js';

export type VariableValue = string | number | boolean;

/** One environment, with its name (the file name). */
export interface EnvironmentDef extends Environment {
  name: string;
}

export interface Inventory {
  /** Environments sorted by deploy order, then name. */
  environments: EnvironmentDef[];
  variables: VariablesFile;
  secrets: SecretsCatalogue;
  /** inventory/alerting.yml, when the repository has one: receivers and routes of the alerts. */
  alerting?: AlertingFile;
  /** Files read, relative to the root, for cache keys. */
  files: string[];
}

function loadFile<T>(root: string, rel: string, validate: ValidateFunction, problems: Problem[]): T | undefined {
  return loadSource<T>(root, rel, validate, problems)?.data;
}

/** The file's validated data and its source (for the lines of later checks), or undefined with problems added. */
function loadSource<T>(root: string, rel: string, validate: ValidateFunction, problems: Problem[]): { data: T; source: YamlSource } | undefined {
  const path = join(root, rel);
  if (!existsSync(path)) {
    problems.push({ file: rel, message: 'missing; see README "Inventory" for its format' });
    return undefined;
  }
  let source: YamlSource;
  try {
    source = parseYamlSource(readFileSync(path, 'utf8'), rel);
  } catch (error) {
    if (error instanceof YamlSyntaxError) problems.push(...error.problems);
    else throw error;
    return undefined;
  }
  const found = validateAgainstSchema(validate, source.data, rel, source);
  problems.push(...found);
  return found.length === 0 ? { data: source.data as T, source } : undefined;
}

/** The optional inventory/alerting.yml, checked beyond its schema (alerting-checks.ts). */
function loadAlerting(root: string, problems: Problem[]): AlertingFile | undefined {
  if (!existsSync(join(root, ALERTING_FILE))) return undefined;
  const loaded = loadSource<AlertingFile>(root, ALERTING_FILE, validateAlerting, problems);
  if (!loaded) return undefined;
  const found = alertingProblems(loaded.data, loaded.source.lineOf);
  problems.push(...found);
  return found.length === 0 ? loaded.data : undefined;
}

/** Reads and validates the inventory under `root`; throws ProblemsError listing everything wrong. */
export function loadInventory(root: string): Inventory {
  const problems: Problem[] = [];
  const envDir = join(root, 'inventory', 'environments');
  const files: string[] = [];
  const environments: EnvironmentDef[] = [];
  const envFiles = existsSync(envDir)
    ? readdirSync(envDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  if (envFiles.length === 0) {
    problems.push({ file: relative(root, envDir) || envDir, message: 'no environments defined: add inventory/environments/<name>.yml' });
  }
  for (const fileName of envFiles) {
    const rel = join('inventory', 'environments', fileName);
    files.push(rel);
    const name = fileName.replace(/\.ya?ml$/, '');
    if (!isDnsLabel(name)) {
      problems.push({ file: rel, message: `environment name "${name}" must be a DNS-1123 label (lowercase letters, digits, "-")` });
      continue;
    }
    const env = loadFile<Environment>(root, rel, validateEnvironment, problems);
    if (env) environments.push({ ...env, name });
  }
  const variables = loadFile<VariablesFile>(root, join('inventory', 'variables.yml'), validateVariables, problems);
  const catalogue = loadSource<SecretsCatalogue>(root, join('inventory', 'secrets.yml'), validateSecretsCatalogue, problems);
  if (catalogue) problems.push(...expiryProblems(catalogue.data, catalogue.source));
  const secrets = catalogue?.data;
  files.push(join('inventory', 'variables.yml'), join('inventory', 'secrets.yml'));
  const alerting = loadAlerting(root, problems);
  if (alerting) files.push(ALERTING_FILE);
  const names = new Set(environments.map((e) => e.name));
  for (const envName of Object.keys(variables?.environments ?? {})) {
    if (!names.has(envName)) {
      problems.push({
        file: join('inventory', 'variables.yml'),
        path: `environments.${envName}`,
        message: `unknown environment "${envName}"; known: ${[...names].join(', ')}`,
      });
    }
  }
  for (const environment of environments) problems.push(...registryProblems(environment, secrets));
  if (problems.length > 0 || !variables || !secrets) throw new ProblemsError(problems);
  environments.sort((a, b) => a.deploy_order - b.deploy_order || a.name.localeCompare(b.name));
  return { environments, variables, secrets, ...(alerting ? { alerting } : {}), files };
}

/** The schema's pattern lets 2027-02-30 through; a date that does not exist would be counted as another day. */
function expiryProblems(catalogue: SecretsCatalogue, source: YamlSource): Problem[] {
  return Object.entries(catalogue.secrets)
    .filter(([, entry]) => entry.expires !== undefined && !isExpiryDate(entry.expires))
    .map(([name, entry]) => ({
      file: join('inventory', 'secrets.yml'),
      line: source.lineOf(['secrets', name], 'expires'),
      path: `secrets.${name}.expires`,
      message: `"${entry.expires}" is not a day of the calendar; write the date the secret expires as YYYY-MM-DD`,
    }));
}

/** An image registry's credentials: both secrets or neither, each in the catalogue. */
function registryProblems(environment: EnvironmentDef, secrets: SecretsCatalogue | undefined): Problem[] {
  const file = join('inventory', 'environments', `${environment.name}.yml`);
  const problems: Problem[] = [];
  for (const [i, registry] of (environment.image_registries ?? []).entries()) {
    const path = `image_registries[${i}]`;
    if ((registry.username_secret === undefined) !== (registry.password_secret === undefined)) {
      problems.push({ file, path, message: `registry ${registry.host}: give both username_secret and password_secret, or neither (anonymous pulls)` });
    }
    for (const key of ['username_secret', 'password_secret'] as const) {
      const name = registry[key];
      if (name !== undefined && secrets && !(name in secrets.secrets)) {
        problems.push({ file, path: `${path}.${key}`, message: `secret ${name} is not in inventory/secrets.yml; add it to the catalogue` });
      }
    }
  }
  return problems;
}

/** The variables visible in one environment: globals, then that environment's overrides. */
export function variablesFor(inventory: Inventory, environment: string): Record<string, VariableValue> {
  return { ...inventory.variables.variables, ...(inventory.variables.environments?.[environment] ?? {}) };
}

/**
 * The environment called `name`. A name the inventory does not have came from the
 * command line (`where`: `--env`, a target), so it is a usage error listing the known ones.
 */
export function findEnvironment(inventory: Inventory, name: string, where = '--env'): EnvironmentDef {
  const environment = inventory.environments.find((e) => e.name === name);
  if (environment) return environment;
  const known = inventory.environments.map((e) => e.name).join(', ');
  throw new UsageError(`${where} ${name}: unknown environment; known: ${known} (inventory/environments/)`);
}
