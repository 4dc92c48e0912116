/**
 * inventory/alerting.yml -> one Alertmanager configuration per environment. Routes by
 * the labels every rendered alert carries (environment, project, severity; see
 * alert-rules.ts); the pager gets critical alerts of production environments only,
 * besides their usual receiver; a project's TargetDown silences its other alerts.
 */
import { formatYaml } from '../render/format-objects.js';
import type { AlertingFile, ReceiverVars } from './alerting-schema.js';

interface Route {
  receiver?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: Route[];
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
}

function receiverConfig(name: string, receiver: ReceiverVars): Record<string, unknown> {
  const config: Record<string, unknown> = { name };
  if (receiver.email !== undefined) config.email_configs = [{ to: receiver.email, send_resolved: true }];
  const webhooks = [receiver.chat, receiver.pager].filter((u): u is string => u !== undefined);
  if (webhooks.length > 0) config.webhook_configs = webhooks.map((url) => ({ url, send_resolved: true }));
  return config;
}

const label = (name: string, value: string) => `${name}=${JSON.stringify(value)}`;

/** The configuration for the environment `environment` (`production`: its inventory flag). */
export function alertmanagerConfig(alerting: AlertingFile, environment: { name: string; production?: boolean }): Record<string, unknown> {
  const { route } = alerting;
  const children: Route[] = [];
  if (environment.production && route.critical_production !== undefined) {
    // continue: the pager is paged and the alert still reaches its usual receiver.
    children.push({ matchers: [label('severity', 'critical')], receiver: route.critical_production, continue: true });
  }
  for (const [project, receiver] of Object.entries(route.projects ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    children.push({ matchers: [label('project', project)], receiver });
  }
  for (const [severity, receiver] of Object.entries(route.severities ?? {})) {
    if (receiver !== undefined) children.push({ matchers: [label('severity', severity)], receiver });
  }
  // After a `continue` match, an alert no later route takes would reach only the pager.
  children.push({ receiver: route.receiver });
  const root: Route = {
    receiver: route.receiver,
    group_by: ['alertname', 'environment', 'project'],
    group_wait: route.group_wait ?? '30s',
    group_interval: route.group_interval ?? '5m',
    repeat_interval: route.repeat_interval ?? '4h',
    routes: [{ matchers: [label('environment', environment.name)], receiver: route.receiver, routes: children }],
  };
  const config: Record<string, unknown> = {};
  if (alerting.smtp) {
    config.global = { smtp_smarthost: alerting.smtp.smarthost, smtp_from: alerting.smtp.from, smtp_require_tls: alerting.smtp.require_tls ?? true };
  }
  config.route = root;
  config.receivers = Object.entries(alerting.receivers).map(([name, receiver]) => receiverConfig(name, receiver));
  config.inhibit_rules = [
    { source_matchers: [label('alertname', 'TargetDown')], target_matchers: [`alertname!="TargetDown"`], equal: ['environment', 'project'] },
  ];
  return config;
}

export function formatAlertmanagerConfig(config: Record<string, unknown>): string {
  return formatYaml(config);
}
