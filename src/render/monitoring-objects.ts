/**
 * Adds a project's monitoring to its rendered objects: the PrometheusRule of its
 * alert rules and the ConfigMap of its Grafana dashboard (src/monitoring/), folded
 * into the render's hash so a changed threshold or panel is a change for the deploy.
 * Its Loki rules are files only (monitoring-files.ts): Loki's ruler reads no object.
 */
import { createHash } from 'node:crypto';
import type { Problem } from '../lib/errors.js';
import { projectAlertRules, type RuleGroup } from '../monitoring/alert-rules.js';
import { dashboardConfigMap } from '../monitoring/dashboards/dashboard-configmap.js';
import type { DashboardJson } from '../monitoring/dashboards/dashboard-json.js';
import { projectDashboard } from '../monitoring/dashboards/project-dashboard.js';
import { projectLogRules } from '../monitoring/loki-rules.js';
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
  /** Loki ruler rules on the project's logs. */
  logRules: RuleGroup;
  dashboard?: DashboardJson;
  /** The dashboard's file name (see dashboardFile), set when it has one: known without reading a cached dashboard. */
  dashboardFile?: string;
}

/** The file name of a project's dashboard, in its ConfigMap and in out/<env>/monitoring/dashboards/. */
export function dashboardFile(model: { environment: string; name: string }): string {
  return `${model.environment}-${model.name}.json`;
}

export function monitoringObjects(
  model: ProjectModel,
  loaded: LoadedVars,
  catalogue: SecretsCatalogue,
  expanded: { objects: K8sObject[]; hash: string },
): { rendered: WithMonitoring; problems: Omit<Problem, 'file'>[] } {
  const overrides = loaded.vars.alerts ?? {};
  const { group, unusedOverrides } = projectAlertRules(model, overrides, catalogue);
  const logs = projectLogRules(model, overrides);
  const problems = unusedOverrideProblems([...unusedOverrides, ...logs.unusedOverrides], loaded, model.environment, model.name);
  const dashboard = projectDashboard(model);
  const added: K8sObject[] = [];
  if (group.rules.length > 0) added.push(prometheusRuleObject(model, group));
  if (dashboard) {
    const metadata = { namespace: model.namespace, labels: model.labels, annotations: model.annotations };
    added.push(dashboardConfigMap(`${model.name}-grafana-dashboard`, dashboardFile(model), dashboard, metadata));
  }
  const monitoring = { rules: group, logRules: logs.group, dashboard, ...(dashboard ? { dashboardFile: dashboardFile(model) } : {}) };
  if (added.length === 0) return { rendered: { ...expanded, ...monitoring }, problems };
  const hash = createHash('sha256').update(expanded.hash);
  // The dashboard's text as it is: JSON.stringify of its ConfigMap would escape it again, at a cost.
  for (const { data, ...object } of added) {
    hash.update('\u0000').update(JSON.stringify(object));
    // Each key and value as it is, unjoined: the dashboard's text is the bulk.
    for (const [key, value] of Object.entries((data ?? {}) as Record<string, string>)) hash.update('\u0000').update(key).update('\u0000').update(value);
  }
  return { rendered: { objects: sortForApply([...expanded.objects, ...added]), hash: hash.digest('hex'), ...monitoring }, problems };
}

/** Overrides naming an alert the project (or VM group) does not get, pointing at their line. */
export function unusedOverrideProblems(unused: readonly string[], loaded: LoadedVars, environment: string, project: string): Omit<Problem, 'file'>[] {
  return unused.map((name) => {
    // The override may come from the environment's section: point at the line there.
    const line = loaded.lineOf(['environments', environment, 'alerts'], name) ?? loaded.lineOf(['alerts'], name);
    return {
      line,
      path: formatPath(['alerts', name]),
      message: `alert ${name} does not apply to project ${project} in environment ${environment} (see docs/monitoring.md for which projects get it); remove the override`,
      renderedLine: loaded.renderedLines && line !== undefined,
    };
  });
}
