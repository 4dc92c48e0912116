/**
 * A project's alert rules for one environment: the default alerts that apply to it
 * (alert-expressions.ts) with its `alerts:` overrides applied. Pure: the render turns
 * the group into a PrometheusRule object and a plain rule file.
 */
import type { ProjectModel } from '../render/model/project-model.js';
import type { SecretsCatalogue } from '../render/schema/inventory-schema.js';
import { alertDefinition, type Severity } from './alert-catalogue.js';
import { alertInstances } from './alert-expressions.js';
import type { AlertsVars } from './alerts-schema.js';

/** One Prometheus alerting rule, in the rule-file format. */
export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

export interface ProjectRules {
  group: RuleGroup;
  /** Overrides naming an alert the project does not get (no cron job, no metrics...). */
  unusedOverrides: string[];
}

/** The rule group of a project; empty `rules` when no alert applies or all are off. */
export function projectAlertRules(model: ProjectModel, overrides: AlertsVars, catalogue: SecretsCatalogue): ProjectRules {
  const instances = alertInstances(model, catalogue);
  const rules: AlertRule[] = [];
  for (const instance of instances) {
    const def = alertDefinition(instance.alert);
    const override = overrides[instance.alert];
    if (override === false || override?.enabled === false) continue;
    const severity: Severity = override?.severity ?? def.severity;
    rules.push({
      alert: instance.alert,
      expr: instance.expr(override?.threshold ?? def.threshold?.default ?? 0),
      for: override?.for ?? def.for,
      labels: { severity, environment: model.environment, project: model.name, ...(instance.labels ?? {}) },
      annotations: { summary: instance.summary, description: def.description },
    });
  }
  const applying = new Set(instances.map((i) => i.alert));
  const unusedOverrides = Object.keys(overrides).filter((name) => !applying.has(name));
  return { group: { name: `deployment-all/${model.environment}/${model.name}`, rules }, unusedOverrides };
}
