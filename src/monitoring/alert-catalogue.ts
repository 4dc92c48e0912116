/**
 * The default alerts: name, what they watch, their defaults and what a project may
 * override. Data only; the PromQL is in alert-expressions.ts, the schema of the
 * `alerts:` overrides is built from this list (alerts-schema.ts), so an override
 * naming an alert that does not exist is a validate error with "did you mean".
 */

import { VM_ALERTS } from './vm-alert-catalogue.js';

export type Severity = 'info' | 'warning' | 'critical';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** Buckets of the library's cki_messagequeue_retry_rounds histogram (src/lib/messagequeue/metrics.ts). */
export const RETRY_ROUND_BUCKETS = [0, 1, 2, 3, 5, 10, 20, 50, 100] as const;

export interface AlertDefinition {
  name: string;
  /** Which projects get it, and what it says; shown in the schema and docs. */
  description: string;
  severity: Severity;
  /** A Prometheus duration: how long the condition holds before the alert fires. */
  for: string;
  /** The alert's threshold and its meaning, when it has one. */
  threshold?: { default: number; meaning: string; allowed?: readonly number[] };
  /** `loki`: a log-based alert, a Loki ruler rule (loki-rules.ts) instead of a Prometheus one. */
  source?: 'loki';
}

/** The alerts of Kubernetes projects. */
export const PROJECT_ALERTS: readonly AlertDefinition[] = [
  { name: 'TargetDown', description: 'Projects with metrics: Prometheus cannot scrape a pod.', severity: 'critical', for: '5m' },
  {
    name: 'PodCrashLooping',
    description: "Projects with a deployment: a container of the project's pods is in CrashLoopBackOff.",
    severity: 'warning',
    for: '15m',
  },
  { name: 'PodNotReady', description: 'Projects with a deployment: a pod of the project is not ready.', severity: 'warning', for: '15m' },
  {
    name: 'DeploymentReplicasUnavailable',
    description: 'Projects with a deployment: the Deployment has more unavailable replicas than the threshold.',
    severity: 'warning',
    for: '30m',
    threshold: { default: 0, meaning: 'unavailable replicas tolerated' },
  },
  { name: 'CronJobFailed', description: "Every cron job: the latest run's Job failed.", severity: 'warning', for: '1m' },
  {
    name: 'CronJobNoRecentSuccess',
    description: "Every cron job that is not suspended: no successful run for longer than its schedule's longest interval times the threshold.",
    severity: 'warning',
    for: '10m',
    threshold: { default: 1.5, meaning: "factor of the schedule's longest interval" },
  },
  {
    name: 'BrokerDisconnected',
    description: 'Projects with metrics using RabbitMQ (a RABBITMQ_HOST variable): the service lost its broker connection.',
    severity: 'warning',
    for: '5m',
  },
  {
    name: 'ConsumerRetryRounds',
    description: 'Message consumers (RabbitMQ, not the webhook receiver): a message was handled only after more retry rounds than the threshold.',
    severity: 'warning',
    for: '0m',
    threshold: { default: 5, meaning: 'retry rounds (a bucket of cki_messagequeue_retry_rounds)', allowed: RETRY_ROUND_BUCKETS },
  },
  {
    name: 'ConsumerBacklogGrowing',
    description:
      'Message consumers (RabbitMQ, not the webhook receiver): more messages ready in the queue than the threshold, and their number still rising over 15 minutes.',
    severity: 'warning',
    for: '15m',
    threshold: { default: 100, meaning: 'messages ready in the queue (cki_messagequeue_queue_messages)' },
  },
  {
    name: 'HerderRetryStorm',
    description: 'The pipeline herder: more job retries in 10 minutes than the threshold.',
    severity: 'warning',
    for: '0m',
    threshold: { default: 20, meaning: 'retries in 10 minutes' },
  },
  {
    name: 'WebhookPublishFailures',
    description: 'The webhook receiver: webhooks refused with 503 because the broker did not confirm them, more in 5 minutes than the threshold.',
    severity: 'critical',
    for: '0m',
    threshold: { default: 0, meaning: 'refused webhooks in 5 minutes' },
  },
  {
    name: 'VolumeFillingUp',
    description: 'Every volume claim the project creates: less free space than the threshold.',
    severity: 'warning',
    for: '15m',
    threshold: { default: 0.1, meaning: 'fraction of the volume still free' },
  },
  {
    name: 'SecretExpiring',
    description: 'Projects with metrics using a secret with `expires` in the catalogue: the secret expires within the threshold.',
    severity: 'warning',
    for: '0m',
    threshold: { default: 14, meaning: 'days before the expiry date' },
  },
  {
    name: 'LogErrors',
    description: "Projects with a deployment (Loki): more lines at level error or fatal in the common library's JSON logs in 5 minutes than the threshold.",
    severity: 'warning',
    for: '5m',
    threshold: { default: 10, meaning: 'error lines in 5 minutes' },
    source: 'loki',
  },
  {
    name: 'LogFatal',
    description: 'Projects with a deployment (Loki): a line at level fatal, which the services log just before they exit (e.g. "pipeline herder failed").',
    severity: 'critical',
    for: '0m',
    source: 'loki',
  },
];

/** Every alert: the projects' and the VM groups' (vm-alert-catalogue.ts). */
export const ALERTS: readonly AlertDefinition[] = [...PROJECT_ALERTS, ...VM_ALERTS];

/** The Prometheus alerts of projects (alert-expressions.ts). */
export const ALERT_NAMES: readonly string[] = PROJECT_ALERTS.filter((a) => a.source === undefined).map((a) => a.name);

/** The log-based alerts, Loki ruler rules (loki-rules.ts). */
export const LOG_ALERT_NAMES: readonly string[] = PROJECT_ALERTS.filter((a) => a.source === 'loki').map((a) => a.name);

/** The definition of an alert by name (the name comes from the catalogue itself). */
export function alertDefinition(name: string): AlertDefinition {
  const found = ALERTS.find((a) => a.name === name);
  if (!found) throw new Error(`bug: alert ${name} is not in the catalogue`);
  return found;
}
