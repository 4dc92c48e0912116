/**
 * A project's rule group as a prometheus-operator PrometheusRule (deployed with the
 * project, pruned with it) and as a plain Prometheus rule file, for a team without
 * the operator (`render` writes them to out/<env>/monitoring/rules/).
 */
import { formatYaml } from '../render/format-objects.js';
import type { ProjectModel } from '../render/model/project-model.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import type { RuleGroup } from './alert-rules.js';

/** Keys in order, as the macros' `tojson` writes every other object's labels. */
export function sortedKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function prometheusRuleObject(model: ProjectModel, group: RuleGroup): K8sObject {
  const metadata: K8sObject['metadata'] = { name: model.name, namespace: model.namespace, labels: sortedKeys(model.labels) };
  if (Object.keys(model.annotations).length > 0) metadata.annotations = sortedKeys(model.annotations);
  return { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata, spec: { groups: [group] } };
}

/** The rule-file format Prometheus loads (`rule_files:`) and promtool checks. */
export function formatRuleFile(groups: readonly RuleGroup[]): string {
  return formatYaml({ groups });
}
