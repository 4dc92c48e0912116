/**
 * The monitoring files of a render, by path under the output folder: one plain
 * Prometheus rule file per project with alerts (`<env>/monitoring/rules/<project>.yml`),
 * for Prometheus servers without the operator, and the Alertmanager configuration of
 * each rendered environment (`<env>/monitoring/alertmanager.yml`) when the inventory
 * has inventory/alerting.yml.
 */
import { alertmanagerConfig, formatAlertmanagerConfig } from '../monitoring/alertmanager-config.js';
import { formatRuleFile } from '../monitoring/prometheus-rule.js';
import type { Inventory } from './inventory.js';
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
    if (item.rules.rules.length > 0)
      files.set(
        `${item.environment}/monitoring/rules/${item.project}.yml`,
        textOf(item, 'rules.yml', () => formatRuleFile([item.rules])),
      );
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
