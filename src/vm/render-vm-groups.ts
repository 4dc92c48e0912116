/**
 * The VM-group side of a render: a project whose vars have `vm_group:` becomes a group
 * model per environment, and every environment's groups one set of Ansible files.
 */
import type { Problem } from '../lib/errors.js';
import type { RuleGroup } from '../monitoring/alert-rules.js';
import type { TemplateEngine } from '../render/engine/index.js';
import type { ProjectVars } from '../render/schema/project-vars-schema.js';
import type { PathSegment } from '../render/yaml-source.js';
import { renderAnsible, type AnsibleFile } from './ansible-output.js';
import type { VmGroupModel } from './vm-group-model.js';

/** One VM group rendered for one environment. */
export interface RenderedVmGroup {
  environment: string;
  project: string;
  model: VmGroupModel;
  /** sha256 of what the group's playbook run gets (also recorded on the hosts as its revision). */
  hash: string;
  /** The group's alert rules (src/monitoring/vm-alerts.ts), for the render's rule files. */
  rules: RuleGroup;
}

/** Keys of project vars that describe Kubernetes objects: a VM group has none of them. */
const KUBERNETES_KEYS = ['deployment', 'services', 'serviceaccount', 'cronjobs', 'configmaps', 'secret'] as const;

/** Problems of a VM-group project that also declares Kubernetes objects. */
export function mixedProjectProblems(vars: ProjectVars, file: string, lineOf: (path: PathSegment[]) => number | undefined, renderedLine: boolean): Problem[] {
  return KUBERNETES_KEYS.filter((key) => vars[key] !== undefined).map((key) => ({
    file,
    line: lineOf([key]),
    path: key,
    message: 'a project with vm_group: configures machines only; move the Kubernetes part to a project of its own',
    renderedLine,
  }));
}

/** A host in two groups of one environment would get both groups' values mixed: refused. */
export function sharedHostProblems(models: readonly { model: VmGroupModel; file: string; line?: number }[]): Problem[] {
  const owner = new Map<string, string>();
  const problems: Problem[] = [];
  for (const { model, file, line } of models) {
    for (const host of model.hosts) {
      const key = `${model.environment}\0${host.name}`;
      const other = owner.get(key);
      if (other !== undefined && other !== model.project) {
        problems.push({
          file,
          line,
          path: 'vm_group',
          message: `host ${host.name} is also in VM group ${other} in ${model.environment}; a host belongs to one group`,
        });
      } else owner.set(key, model.project);
    }
  }
  return problems;
}

export interface VmGroupsOutput {
  groups: RenderedVmGroup[];
  /** Environment name -> files of its ansible/ folder. */
  files: Map<string, AnsibleFile[]>;
}

/** A group's model for one environment, with its template context and alert rules. */
export interface VmGroupInput {
  model: VmGroupModel;
  context: Record<string, unknown>;
  rules: RuleGroup;
}

/** Ansible files of every environment with VM groups, and each group's hash. */
export function renderVmGroups(engine: TemplateEngine, searchPath: readonly string[], models: readonly VmGroupInput[]): VmGroupsOutput {
  const byEnv = new Map<string, VmGroupInput[]>();
  for (const item of models) byEnv.set(item.model.environment, [...(byEnv.get(item.model.environment) ?? []), item]);
  const groups: RenderedVmGroup[] = [];
  const files = new Map<string, AnsibleFile[]>();
  for (const [environment, items] of byEnv) {
    const contexts = new Map(items.map((i) => [i.model.project, i.context]));
    const rendered = renderAnsible(
      engine,
      searchPath,
      items.map((i) => i.model),
      (model) => contexts.get(model.project) ?? {},
    );
    files.set(environment, rendered.files);
    for (const { model, rules } of items)
      groups.push({ environment, project: model.project, model, hash: rendered.hashes.get(model.project) as string, rules });
  }
  return { groups, files };
}
