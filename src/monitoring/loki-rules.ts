/**
 * Log-based alerts for Loki's ruler, on the JSON lines the common library writes
 * (src/lib/logging.ts: pino, `level` as its name, `msg`, `name` the service). Streams
 * are selected by `namespace` and `container` (named after the project), the labels
 * Promtail's and Alloy's Kubernetes discovery give every pod's logs. Same catalogue,
 * overrides (`alerts:`) and labels as the Prometheus alerts; the rule-file format is
 * Prometheus' too, which Loki's ruler reads.
 */
import type { ProjectModel } from '../render/model/project-model.js';
import { LOG_ALERT_NAMES } from './alert-catalogue.js';
import { selector, type AlertInstance } from './alert-expressions.js';
import { rulesOf, type ProjectRules } from './alert-rules.js';
import type { AlertsVars } from './alerts-schema.js';

/** The field pino writes the level name in (createLogger's `formatters.level`). */
const LEVEL_FIELD = 'level';

/** Every log alert that applies to the project, with its LogQL. */
export function logAlertInstances(model: ProjectModel): AlertInstance[] {
  if (!model.deployment) return [];
  const stream = selector([
    ['namespace', model.namespace],
    ['container', model.name],
  ]);
  // The line filter first (cheap), then the JSON parser only on the lines it kept.
  const atLevel = (levels: string): string =>
    `${stream} |~ ${JSON.stringify(`"${LEVEL_FIELD}":"(${levels})"`)} | json | ${LEVEL_FIELD}=~${JSON.stringify(levels)}`;
  return [
    {
      alert: 'LogErrors',
      expr: (t) => `sum by (namespace, container) (count_over_time(${atLevel('error|fatal')} [5m])) > ${t}`,
      summary: `${model.name} logs many errors.`,
    },
    {
      alert: 'LogFatal',
      // By message, so the alert says which of the known fatal messages it was.
      expr: () => `sum by (namespace, container, msg) (count_over_time(${atLevel('fatal')} [5m])) > 0`,
      summary: `${model.name} logged a fatal error and exited.`,
    },
  ];
}

/** The project's Loki rule group; `unusedOverrides` names log alerts overridden on a project without them. */
export function projectLogRules(model: ProjectModel, overrides: AlertsVars): ProjectRules {
  // Overrides of other alerts are the Prometheus rules' to check.
  const otherAlerts = Object.keys(overrides).filter((name) => !LOG_ALERT_NAMES.includes(name));
  const { group, unusedOverrides } = rulesOf(logAlertInstances(model), overrides, model, otherAlerts);
  return { group: { ...group, name: `${group.name}/logs` }, unusedOverrides };
}
