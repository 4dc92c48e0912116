/**
 * What a template sees while one project is rendered for one environment. Globals
 * such as `cki_variable()` read the current scope, because Jinja2 imports macros
 * without the caller's context: a global is the only thing both can reach.
 */
import type { EnvironmentDef, Inventory, VariableValue } from './inventory.js';
import { variablesFor } from './inventory.js';
import { isRecord } from '../lib/is-record.js';
import { notText } from './engine/index.js';
import { secretPlaceholder } from './secret-placeholder.js';

export interface RenderScope {
  project: string;
  environment: EnvironmentDef;
  variables: Record<string, VariableValue>;
  inventory: Inventory;
}

/** Holder for the scope of the render in progress (renders are synchronous). */
export interface ScopeRef {
  current?: RenderScope;
}

export function makeScope(inventory: Inventory, environment: EnvironmentDef, project: string): RenderScope {
  return { project, environment, variables: variablesFor(inventory, environment.name), inventory };
}

/** What `{{ environment }}` or `environment == 'production'` says: the author meant the name. */
export const ENVIRONMENT_IS_AN_ENTRY =
  "environment is the inventory entry (a mapping of cluster, namespace, domain, ...), not the environment's name: write ENVIRONMENT (or environment.name) for the name";

/** The context of project-vars templates and raw templates. */
export function templateContext(scope: RenderScope): Record<string, unknown> {
  const env = scope.environment;
  return {
    PROJECT_NAME: scope.project,
    ENVIRONMENT: env.name,
    // A copy: the mark must not reach the inventory, which other code serialises and compares.
    environment: notText({ ...env }, ENVIRONMENT_IS_AN_ENTRY),
    is_production: env.production === true,
    namespace: env.namespace,
  };
}

/** Globals for every template of the repository. */
export function scopeGlobals(ref: ScopeRef): Record<string, unknown> {
  const scope = (): RenderScope => {
    if (!ref.current) throw new Error('cki_variable() and cki_secret() are only available while rendering a project');
    return ref.current;
  };
  return {
    cki_variable(name: unknown): VariableValue {
      const s = scope();
      const value = s.variables[String(name)];
      if (value === undefined) {
        throw new Error(`cki_variable('${String(name)}'): no such variable for environment ${s.environment.name}; define it in inventory/variables.yml`);
      }
      return value;
    },
    secret_placeholder(name: unknown): string {
      return secretPlaceholder(String(name));
    },
    cki_secret(name: unknown): string {
      const s = scope();
      if (!(String(name) in s.inventory.secrets.secrets)) {
        throw new Error(`cki_secret('${String(name)}'): not in the catalogue; add it to inventory/secrets.yml`);
      }
      return `$${String(name)}`;
    },
  };
}

/** Filters our macros use beyond Jinja2's own (Ansible's `combine` for merging label maps). */
export function repositoryFilters(): Record<string, (...args: never[]) => unknown> {
  return {
    combine(...maps: unknown[]): Record<string, unknown> {
      return Object.assign({}, ...maps.map((m) => (isRecord(m) ? m : {})));
    },
  };
}
