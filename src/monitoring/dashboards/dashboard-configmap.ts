/**
 * A dashboard as a ConfigMap for Grafana's dashboard sidecar (kiwigrid k8s-sidecar, as
 * the Grafana Helm chart runs it): it loads every ConfigMap labelled
 * `grafana_dashboard: "1"`, each data key a dashboard file.
 */
import type { K8sObject } from '../../render/objects/k8s-object.js';
import { sortedKeys } from '../prometheus-rule.js';
import type { DashboardJson } from './dashboard-json.js';

/** The sidecar's default label (its `LABEL` and `LABEL_VALUE`). */
export const SIDECAR_LABEL = { grafana_dashboard: '1' } as const;

/** A dashboard file, indented for people reading a diff. */
export function formatDashboard(dashboard: DashboardJson): string {
  return JSON.stringify(dashboard, null, 2) + '\n';
}

/**
 * A dashboard in its ConfigMap: compact, which halves what every render formats, hashes
 * and serializes (the sidecar reads either).
 */
export function dashboardConfigMap(
  name: string,
  file: string,
  dashboard: DashboardJson,
  metadata: { namespace?: string; labels: Record<string, string>; annotations?: Record<string, string> },
): K8sObject {
  const labels = sortedKeys({ ...metadata.labels, ...SIDECAR_LABEL });
  const meta: K8sObject['metadata'] = { name, labels };
  if (metadata.namespace !== undefined) meta.namespace = metadata.namespace;
  if (metadata.annotations && Object.keys(metadata.annotations).length > 0) meta.annotations = sortedKeys(metadata.annotations);
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { [file]: JSON.stringify(dashboard) } };
}
