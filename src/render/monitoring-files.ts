/**
 * The monitoring files of a render, by path under the output folder: one plain
 * Prometheus rule file per project with alerts (`<env>/monitoring/rules/<project>.yml`),
 * for Prometheus servers without the operator.
 */
import { formatRuleFile } from '../monitoring/prometheus-rule.js';
import type { RenderedProject } from './render-repository.js';

export function monitoringFiles(rendered: readonly RenderedProject[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const item of rendered) {
    if (item.rules.rules.length > 0) files.set(`${item.environment}/monitoring/rules/${item.project}.yml`, formatRuleFile([item.rules]));
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
