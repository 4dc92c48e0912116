/**
 * The monitoring files of a render, by path under the output folder: one plain
 * Prometheus rule file per project or VM group with alerts
 * (`<env>/monitoring/rules/<project>.yml`), for Prometheus servers without the operator,
 * the node exporter targets of each VM group (`<env>/monitoring/scrape/<project>.yml`, a
 * file_sd file), a project's Loki ruler rules
 * (`<env>/monitoring/loki-rules/<project>.yml`), its Grafana dashboard
 * (`<env>/monitoring/dashboards/<env>-<project>.json`), the environment's overview
 * dashboard (`overview.json`, and `overview-configmap.yaml` for the sidecar: no project
 * owns it, so `apply` does not deploy it), and the Alertmanager configuration of
 * each rendered environment (`<env>/monitoring/alertmanager.yml`) when the inventory
 * has inventory/alerting.yml.
 */
import type { RuleGroup } from '../monitoring/alert-rules.js';
import { alertmanagerConfig, formatAlertmanagerConfig } from '../monitoring/alertmanager-config.js';
import { dashboardConfigMap, formatDashboard } from '../monitoring/dashboards/dashboard-configmap.js';
import type { DashboardJson } from '../monitoring/dashboards/dashboard-json.js';
import { environmentOverview } from '../monitoring/dashboards/overview-dashboard.js';
import { formatRuleFile } from '../monitoring/prometheus-rule.js';
import { vmScrapeTargets } from '../monitoring/vm-scrape-targets.js';
import type { RenderedVmGroup } from '../vm/render-vm-groups.js';
import type { Inventory } from './inventory.js';
import { ENVIRONMENT_LABEL } from './model/labels.js';
import { formatObjects } from './format-objects.js';
import { madeFile, madeTexts, projectFile, type OutputFile, type TextSource } from './output-file.js';
import type { RenderedProject } from './render-repository.js';

/** A project or VM group's rules in one environment. */
export interface RulesOf {
  environment: string;
  project: string;
  rules: RuleGroup;
}

export function monitoringFiles(
  rendered: readonly RenderedProject[],
  inventory?: Inventory,
  texts: TextSource = madeTexts,
  vmGroups: readonly RenderedVmGroup[] = [],
): Map<string, OutputFile> {
  const files = new Map<string, OutputFile>();
  const all = [...rendered, ...vmGroups];
  const environments = new Set(all.map((r) => r.environment));
  const alerting = inventory?.alerting;
  if (inventory && alerting) {
    for (const environment of inventory.environments.filter((e) => environments.has(e.name))) {
      files.set(`${environment.name}/monitoring/alertmanager.yml`, madeFile(formatAlertmanagerConfig(alertmanagerConfig(alerting, environment))));
    }
  }
  for (const item of rendered) {
    const dir = `${item.environment}/monitoring`;
    // Made once per cached project-environment (cache/render-cache.ts), like its objects' YAML.
    if (item.rules.rules.length > 0)
      files.set(
        `${dir}/rules/${item.project}.yml`,
        projectFile(texts, item, 'rules.yml', () => formatRuleFile([item.rules])),
      );
    if (item.logRules.rules.length > 0)
      files.set(
        `${dir}/loki-rules/${item.project}.yml`,
        projectFile(texts, item, 'loki-rules.yml', () => formatRuleFile([item.logRules])),
      );
    // Its file name, not the dashboard: a cached one is read only when its text is made.
    if (item.dashboardFile)
      files.set(
        `${dir}/dashboards/${item.dashboardFile}`,
        projectFile(texts, item, 'dashboard.json', () => formatDashboard(item.dashboard as DashboardJson)),
      );
  }
  for (const environment of environments) {
    const models = rendered.filter((r) => r.environment === environment && r.dashboardFile).map((r) => r.model);
    const overview = environmentOverview(environment, models);
    const [first] = models;
    if (!overview || !first) continue;
    files.set(`${environment}/monitoring/dashboards/overview.json`, madeFile(formatDashboard(overview)));
    // Not labelled managed-by: no project owns it, so the deploy must neither prune nor adopt it.
    const configMap = dashboardConfigMap(`deployment-all-${environment}-overview`, `${environment}-overview.json`, overview, {
      namespace: first.namespace,
      labels: { [ENVIRONMENT_LABEL]: environment },
    });
    files.set(`${environment}/monitoring/dashboards/overview-configmap.yaml`, madeFile(formatObjects([configMap], 'yaml')));
  }
  // VM groups' rules are not in the render cache: a few small files, made every time.
  for (const group of vmGroups) {
    if (group.rules.rules.length > 0) files.set(`${group.environment}/monitoring/rules/${group.project}.yml`, madeFile(formatRuleFile([group.rules])));
    files.set(`${group.environment}/monitoring/scrape/${group.project}.yml`, madeFile(vmScrapeTargets(group.model)));
  }
  return files;
}

/** monitoringFiles with every text made. */
export function monitoringTexts(rendered: readonly RenderedProject[], inventory?: Inventory, vmGroups: readonly RenderedVmGroup[] = []): Map<string, string> {
  return new Map([...monitoringFiles(rendered, inventory, madeTexts, vmGroups)].map(([path, file]) => [path, file.text()]));
}

/** Every environment's rules as one rule file each (`render --stdout --format rules`). */
export function ruleFilesByEnvironment(rendered: readonly RulesOf[]): Map<string, string> {
  const byEnv = new Map<string, RuleGroup[]>();
  for (const item of rendered) {
    if (item.rules.rules.length === 0) continue;
    byEnv.set(item.environment, [...(byEnv.get(item.environment) ?? []), item.rules]);
  }
  return new Map([...byEnv].map(([env, groups]) => [env, formatRuleFile(groups)]));
}
