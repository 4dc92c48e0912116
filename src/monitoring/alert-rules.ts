/**
 * A project's alert rules for one environment: the default alerts that apply to it
 * (alert-expressions.ts) with its `alerts:` overrides applied. Pure: the render turns
 * the group into a PrometheusRule object and a plain rule file.
 */
import type { ProjectModel } from '../render/model/project-model.js';
import type { SecretsCatalogue } from '../render/schema/inventory-schema.js';
import { alertDefinition, LOG_ALERT_NAMES, type Severity } from './alert-catalogue.js';
import { alertInstances, type AlertInstance } from './alert-expressions.js';
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

/** One alert instance as a rule, with the project's override; undefined when turned off. */
export function overriddenRule(model: RuleOwner, instance: AlertInstance, overrides: AlertsVars): AlertRule | undefined {
  const def = alertDefinition(instance.alert);
  const override = overrides[instance.alert];
  if (override === false || override?.enabled === false) return undefined;
  const severity: Severity = override?.severity ?? def.severity;
  return {
    alert: instance.alert,
    expr: instance.expr(override?.threshold ?? def.threshold?.default ?? 0),
    for: override?.for ?? def.for,
    labels: { severity, environment: model.environment, project: model.name, ...(instance.labels ?? {}) },
    annotations: { summary: instance.summary, description: def.description },
  };
}

/** The rule group of a project; empty `rules` when no alert applies or all are off. */
export function projectAlertRules(model: ProjectModel, overrides: AlertsVars, catalogue: SecretsCatalogue): ProjectRules {
  return rulesOf(alertInstances(model, catalogue), overrides, model, LOG_ALERT_NAMES);
}

/** Whose rules: a project, or a VM group (its project name). */
export type RuleOwner = Pick<ProjectModel, 'environment' | 'name'>;

/**
 * The rule group of the alert instances of a project (or VM group) in an environment, with
 * its `alerts:` overrides applied; `handledElsewhere`: alerts whose overrides another rule
 * source checks (Loki's), never unused here.
 */
export function rulesOf(instances: readonly AlertInstance[], overrides: AlertsVars, owner: RuleOwner, handledElsewhere: readonly string[] = []): ProjectRules {
  const rules = instances.flatMap((instance) => overriddenRule(owner, instance, overrides) ?? []);
  const applying = new Set([...instances.map((i) => i.alert), ...handledElsewhere]);
  const unusedOverrides = Object.keys(overrides).filter((name) => !applying.has(name));
  return { group: { name: `deployment-all/${owner.environment}/${owner.name}`, rules }, unusedOverrides };
}
