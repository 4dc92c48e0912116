/**
 * Renders a deployment repository: inventory and project vars in, validated
 * objects out, for every selected (environment, project). Pure apart from reading
 * files: nothing is written here, and any problem anywhere fails the whole render.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProblemsError, type Problem } from '../lib/errors.js';
import { createTemplateEngine, type TemplateEngine } from './engine/index.js';
import { expandProject } from './expand.js';
import { monitoringObjects, unusedOverrideProblems } from './monitoring-objects.js';
import { vmGroupAlertRules } from '../monitoring/vm-alerts.js';
import type { RuleGroup } from '../monitoring/alert-rules.js';
import type { DashboardJson } from '../monitoring/dashboards/dashboard-json.js';
import type { Inventory } from './inventory.js';
import type { ProjectModel } from './model/project-model.js';
import { normalizeProject } from './model/normalize.js';
import type { K8sObject } from './objects/k8s-object.js';
import { loadProjectVars, readVarsSource, templateProblems } from './project-vars.js';
import type { ProjectSource } from './projects.js';
import { loadRepository, type LoadedRepository } from './load-repository.js';
import { makeScope, repositoryFilters, scopeGlobals, templateContext, type ScopeRef } from './render-scope.js';
import { selectTargets, type Selection } from './targets.js';
import { buildVmGroup } from '../vm/vm-group-model.js';
import { mixedProjectProblems, renderVmGroups, sharedHostProblems, type RenderedVmGroup, type VmGroupInput } from '../vm/render-vm-groups.js';
import type { AnsibleFile } from '../vm/ansible-output.js';
import type { RenderCache } from './cache/render-cache.js';
import { cacheKeys } from './cache/cache-keys.js';
import { BUNDLED_TEMPLATES, templateSearchPath } from './template-path.js';

export interface RenderedProject {
  environment: string;
  project: string;
  objects: K8sObject[];
  model: ProjectModel;
  /** sha256 of the objects, for no-op detection by the deploy. */
  hash: string;
  /** The project's alert rules (also in `objects` as a PrometheusRule when not empty). */
  rules: RuleGroup;
  /** The project's Loki ruler rules (files only). */
  logRules: RuleGroup;
  /** The project's Grafana dashboard (also in `objects` as a ConfigMap). */
  dashboard?: DashboardJson;
  /** Its file name under monitoring/dashboards/, set when it has a dashboard. */
  dashboardFile?: string;
}

export interface RenderResult {
  inventory: Inventory;
  rendered: RenderedProject[];
  /** Selected but disabled pairs. */
  disabled: { environment: string; project: string }[];
  /** VM groups (projects with `vm_group:`) that have hosts in the environment. */
  vmGroups: RenderedVmGroup[];
  /** Environment name -> the files of its `ansible/` output folder. */
  ansible: Map<string, AnsibleFile[]>;
  /** Project-environments read from the render cache instead of rendered. */
  cached: number;
}

export interface RenderOptions {
  root: string;
  targets?: readonly string[];
  /** Pairs already resolved from the targets (by the deploy); used instead of `targets`. */
  selections?: readonly Selection[];
  /** Render the alert rules, Loki rules and dashboards (default true); false only for benchmarks comparing their cost. */
  monitoring?: boolean;
  /** Reads unchanged project-environments from here and stores the ones rendered (cache/render-cache.ts). */
  cache?: RenderCache;
  /** The inventory and project listing, when the caller loaded them to resolve its targets: not read twice. */
  loaded?: LoadedRepository;
}

// Where the template search path is defined; re-exported for the callers that render.
export { BUNDLED_TEMPLATES, templateSearchPath };

/** An engine whose templates see the repository's macros and globals. */
export function createRepositoryEngine(root: string, scope: ScopeRef): TemplateEngine {
  return createTemplateEngine({ searchPaths: templateSearchPath(root), globals: scopeGlobals(scope), filters: repositoryFilters() });
}

interface CachedEngine {
  fingerprint: string;
  engine: TemplateEngine;
  scope: ScopeRef;
}

const engines = new Map<string, CachedEngine>();

/** Names, sizes and modification times of every template file: changes when any template does. */
function templatesFingerprint(root: string): string {
  const parts: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const stat = statSync(path);
        parts.push(`${path}:${stat.size}:${stat.mtimeMs}`);
      }
    }
  };
  for (const dir of templateSearchPath(root)) walk(dir);
  return parts.join('|');
}

/**
 * One engine per repository for the life of the process, so compiled macros are
 * reused by later renders (a re-render after one project changed); replaced when
 * any template file changes.
 */
function cachedEngine(root: string): CachedEngine {
  const fingerprint = templatesFingerprint(root);
  const key = resolve(root);
  let cached = engines.get(key);
  if (!cached || cached.fingerprint !== fingerprint) {
    const scope: ScopeRef = {};
    cached = { fingerprint, scope, engine: createRepositoryEngine(root, scope) };
    engines.set(key, cached);
  }
  return cached;
}

/** Renders the selection; throws ProblemsError listing every problem found. */
export function renderRepository(options: RenderOptions): RenderResult {
  const { root, cache } = options;
  const { inventory, listing } = options.loaded ?? loadRepository(root);
  const problems: Problem[] = [...listing.problems];
  const envNames = inventory.environments.map((e) => e.name);
  const byName = new Map<string, ProjectSource>(listing.projects.map((p) => [p.name, p]));
  const selections = options.selections ?? selectTargets(options.targets ?? [], envNames, [...byName.keys()]);
  // Made on the first project-environment the cache does not hold: a run served from it compiles no template.
  let repositoryEngine: CachedEngine | undefined;
  const engineOf = (): CachedEngine => (repositoryEngine ??= cachedEngine(root));
  const keys = cache ? cacheKeys(cache, root, options.monitoring !== false) : undefined;
  const sources = new Map<string, string>();
  const rendered: RenderedProject[] = [];
  const disabled: RenderResult['disabled'] = [];
  const vmModels: (VmGroupInput & { file: string; line?: number })[] = [];
  let cached = 0;

  for (const { environment: envName, project: projectName } of selections) {
    const project = byName.get(projectName) as ProjectSource;
    const key = keys?.(project, envName);
    const hit = key === undefined ? undefined : cache?.get(key);
    if (hit) {
      cached++;
      if ('disabled' in hit) disabled.push({ environment: envName, project: projectName });
      else rendered.push(hit.rendered);
      continue;
    }
    const environment = inventory.environments.find((e) => e.name === envName) as Inventory['environments'][number];
    let text = sources.get(projectName);
    if (text === undefined) {
      text = readVarsSource(root, project);
      sources.set(projectName, text);
    }
    const { engine, scope } = engineOf();
    scope.current = makeScope(inventory, environment, projectName);
    try {
      const context = templateContext(scope.current);
      const loaded = loadProjectVars(engine, project, text, environment, envNames, context);
      if (!loaded.result) {
        problems.push(...loaded.problems);
        continue;
      }
      if (!loaded.result.enabled) {
        disabled.push({ environment: envName, project: projectName });
        if (key !== undefined) cache?.put(key, { disabled: true });
        continue;
      }
      const vmGroup = loaded.result.vars.vm_group;
      if (vmGroup) {
        const { lineOf, renderedLines } = loaded.result;
        const mixed = mixedProjectProblems(loaded.result.vars, project.varsFile, lineOf, renderedLines);
        const built = buildVmGroup({
          root,
          project: projectName,
          projectDir: project.dir,
          file: project.varsFile,
          environment,
          knownEnvironments: envNames,
          vars: vmGroup,
          catalogue: inventory.secrets,
          engine,
          context,
          lineOf,
          renderedLines,
        });
        problems.push(...mixed, ...built.problems);
        if (built.model && mixed.length === 0 && built.model.hosts.length > 0) {
          const { group, unusedOverrides } = vmGroupAlertRules(built.model, loaded.result.vars.alerts ?? {});
          problems.push(...unusedOverrideProblems(unusedOverrides, loaded.result, envName, projectName).map((p) => ({ ...p, file: project.varsFile })));
          const rules = options.monitoring === false ? { name: '', rules: [] } : group;
          vmModels.push({ model: built.model, context, rules, file: project.varsFile, line: lineOf([], 'vm_group') });
        }
        continue;
      }
      const normalized = normalizeProject({
        project: projectName,
        environment,
        vars: loaded.result.vars,
        variables: scope.current.variables,
        catalogue: inventory.secrets,
        file: project.varsFile,
        lineOf: loaded.result.lineOf,
        renderedLines: loaded.result.renderedLines,
      });
      if (normalized.problems.length > 0) {
        problems.push(...normalized.problems);
        continue;
      }
      const expanded = expandProject(engine, root, normalized.model, context, project.rawTemplates);
      if (expanded.problems.length > 0) {
        problems.push(...expanded.problems);
        continue;
      }
      const monitoring =
        options.monitoring === false
          ? { rendered: { ...expanded, rules: { name: '', rules: [] }, logRules: { name: '', rules: [] } }, problems: [] }
          : monitoringObjects(normalized.model, loaded.result, inventory.secrets, expanded);
      if (monitoring.problems.length > 0) {
        problems.push(...monitoring.problems.map((p) => ({ ...p, file: project.varsFile })));
        continue;
      }
      const result: RenderedProject = { environment: envName, project: projectName, model: normalized.model, ...monitoring.rendered };
      rendered.push(result);
      if (key !== undefined) cache?.put(key, { rendered: result });
    } finally {
      scope.current = undefined;
    }
  }
  problems.push(...sharedHostProblems(vmModels));
  let vm: ReturnType<typeof renderVmGroups> = { groups: [], files: new Map() };
  if (problems.length === 0 && vmModels.length > 0) {
    try {
      vm = renderVmGroups(engineOf().engine, templateSearchPath(root), vmModels);
    } catch (error) {
      problems.push(...templateProblems(error, 'templates/ansible/playbook.yml.j2', root));
    }
  }
  if (problems.length > 0) throw new ProblemsError(dedupe(problems));
  return { inventory, rendered, disabled, vmGroups: vm.groups, ansible: vm.files, cached };
}

/** The same mistake in a project is usually reported once per environment; keep one. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Map<string, Problem>();
  for (const p of problems) seen.set(`${p.file}|${p.line ?? ''}|${p.path ?? ''}|${p.message}`, p);
  return [...seen.values()];
}
