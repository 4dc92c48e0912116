/**
 * The monitoring files of a render, by path under the output folder: one plain
 * Prometheus rule file per project with alerts (`<env>/monitoring/rules/<project>.yml`),
 * for Prometheus servers without the operator, its Loki ruler rules
 * (`<env>/monitoring/loki-rules/<project>.yml`), its Grafana dashboard
 * (`<env>/monitoring/dashboards/<env>-<project>.json`), the environment's overview
 * dashboard (`overview.json`, and `overview-configmap.yaml` for the sidecar: no project
 * owns it, so `apply` does not deploy it), and the Alertmanager configuration of
 * each rendered environment (`<env>/monitoring/alertmanager.yml`) when the inventory
 * has inventory/alerting.yml.
 */
import { alertmanagerConfig, formatAlertmanagerConfig } from '../monitoring/alertmanager-config.js';
import { dashboardConfigMap, formatDashboard } from '../monitoring/dashboards/dashboard-configmap.js';
import { environmentOverview } from '../monitoring/dashboards/overview-dashboard.js';
import { formatRuleFile } from '../monitoring/prometheus-rule.js';
import type { Inventory } from './inventory.js';
import { ENVIRONMENT_LABEL } from './model/labels.js';
import { dashboardFile } from './monitoring-objects.js';
import { formatObjects } from './format-objects.js';
import type { RenderedProject } from './render-repository.js';
import { makeText, type TextOf } from './cache/render-cache.js';

export function monitoringFiles(rendered: readonly RenderedProject[], inventory?: Inventory, textOf: TextOf = makeText): Map<string, string> {
  const files = new Map<string, string>();
  const environments = new Set(rendered.map((r) => r.environment));
  for (const environment of inventory?.alerting ? inventory.environments.filter((e) => environments.has(e.name)) : []) {
    files.set(
      `${environment.name}/monitoring/alertmanager.yml`,
      formatAlertmanagerConfig(alertmanagerConfig(inventory?.alerting as NonNullable<Inventory['alerting']>, environment)),
    );
  }
  for (const item of rendered) {
    const dir = `${item.environment}/monitoring`;
    // Made once per cached project-environment (cache/render-cache.ts), like its objects' YAML.
    if (item.rules.rules.length > 0)
      files.set(
        `${dir}/rules/${item.project}.yml`,
        textOf(item, 'rules.yml', () => formatRuleFile([item.rules])),
      );
    if (item.logRules.rules.length > 0)
      files.set(
        `${dir}/loki-rules/${item.project}.yml`,
        textOf(item, 'loki-rules.yml', () => formatRuleFile([item.logRules])),
      );
    const dashboard = item.dashboard;
    if (dashboard)
      files.set(
        `${dir}/dashboards/${dashboardFile(item.model)}`,
        textOf(item, 'dashboard.json', () => formatDashboard(dashboard)),
      );
  }
  for (const environment of environments) {
    const models = rendered.filter((r) => r.environment === environment && r.dashboard).map((r) => r.model);
    const overview = environmentOverview(environment, models);
    const [first] = models;
    if (!overview || !first) continue;
    files.set(`${environment}/monitoring/dashboards/overview.json`, formatDashboard(overview));
    // Not labelled managed-by: no project owns it, so the deploy must neither prune nor adopt it.
    const configMap = dashboardConfigMap(`deployment-all-${environment}-overview`, `${environment}-overview.json`, overview, {
      namespace: first.namespace,
      labels: { [ENVIRONMENT_LABEL]: environment },
    });
    files.set(`${environment}/monitoring/dashboards/overview-configmap.yaml`, formatObjects([configMap], 'yaml'));
  }
  return files;
}

/** Every environment's rules as one rule file each (`render --stdout --format rules`). */
export function ruleFilesByEnvironment(rendered: readonly RenderedProject[]): Map<string, string> {
  const byEnv = new Map<string, RenderedProject['rules'][]>();
  for (const item of rendered) {
    if (item.rules.rules.length === 0) continue;
    byEnv.set(item.environment, [...(byEnv.get(item.environment) ?? []), item.rules]);
  }
  return new Map([...byEnv].map(([env, groups]) => [env, formatRuleFile(groups)]));
}
