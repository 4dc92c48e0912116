/**
 * Adds a project's monitoring to its rendered objects: the PrometheusRule of its
 * alert rules (src/monitoring/), folded into the render's hash so a changed
 * threshold is a change for the deploy.
 */
import { createHash } from 'node:crypto';
import type { Problem } from '../lib/errors.js';
import { projectAlertRules, type RuleGroup } from '../monitoring/alert-rules.js';
import { prometheusRuleObject } from '../monitoring/prometheus-rule.js';
import { sortForApply } from './expand.js';
import type { ProjectModel } from './model/project-model.js';
import type { K8sObject } from './objects/k8s-object.js';
import type { LoadedVars } from './project-vars.js';
import type { SecretsCatalogue } from './schema/inventory-schema.js';
import { formatPath } from './yaml-source.js';

export interface WithMonitoring {
  objects: K8sObject[];
  hash: string;
  rules: RuleGroup;
}

export function monitoringObjects(
  model: ProjectModel,
  loaded: LoadedVars,
  catalogue: SecretsCatalogue,
  expanded: { objects: K8sObject[]; hash: string },
): { rendered: WithMonitoring; problems: Omit<Problem, 'file'>[] } {
  const { group, unusedOverrides } = projectAlertRules(model, loaded.vars.alerts ?? {}, catalogue);
  const problems = unusedOverrides.map((name) => {
    // The override may come from the environment's section: point at the line there.
    const line = loaded.lineOf(['environments', model.environment, 'alerts'], name) ?? loaded.lineOf(['alerts'], name);
    return {
      line,
      path: formatPath(['alerts', name]),
      message: `alert ${name} does not apply to project ${model.name} in environment ${model.environment} (see docs/monitoring.md for which projects get it); remove the override`,
      renderedLine: loaded.renderedLines && line !== undefined,
    };
  });
  if (group.rules.length === 0) return { rendered: { ...expanded, rules: group }, problems };
  const rule = prometheusRuleObject(model, group);
  const hash = createHash('sha256').update(expanded.hash).update('\u0000').update(JSON.stringify(rule)).digest('hex');
  return { rendered: { objects: sortForApply([...expanded.objects, rule]), hash, rules: group }, problems };
}
