/**
 * Every metric name the alert rules and dashboards query, each checked against its
 * exporter; one source of truth, so a panel or a rule cannot name a metric nobody
 * publishes (the dashboards' tests check every name they find against this list).
 * - Prometheus itself: `up` per scrape target (with a ServiceMonitor `job` is the
 *   Service's name, the project's name: templates/k8s/exposure.j2), `ALERTS` per alert.
 * - kube-state-metrics: pod, container, Deployment, Job and CronJob state.
 * - the kubelet: volume statistics; its cAdvisor endpoint: container CPU and memory.
 * - the common library: src/lib/messagequeue/metrics.ts, src/lib/secret-expiry.ts.
 * - the services: src/services/pipeline-herder/metrics.ts,
 *   src/services/webhook-receiver/server.ts.
 */
export const METRIC = {
  up: 'up',
  alerts: 'ALERTS',
  // kube-state-metrics
  podWaitingReason: 'kube_pod_container_status_waiting_reason',
  podReady: 'kube_pod_status_ready',
  podRestarts: 'kube_pod_container_status_restarts_total',
  containerRequests: 'kube_pod_container_resource_requests',
  deploymentUnavailable: 'kube_deployment_status_replicas_unavailable',
  deploymentAvailable: 'kube_deployment_status_replicas_available',
  jobFailed: 'kube_job_failed',
  cronjobLastSuccess: 'kube_cronjob_status_last_successful_time',
  // kubelet and its cAdvisor
  volumeAvailable: 'kubelet_volume_stats_available_bytes',
  volumeCapacity: 'kubelet_volume_stats_capacity_bytes',
  containerCpu: 'container_cpu_usage_seconds_total',
  containerMemory: 'container_memory_working_set_bytes',
  // the common library
  queueMessages: 'cki_messagequeue_messages_total',
  queueRetryRounds: 'cki_messagequeue_retry_rounds',
  queueInFlight: 'cki_messagequeue_in_flight',
  queueConnected: 'cki_messagequeue_connected',
  queueDepth: 'cki_messagequeue_queue_messages',
  secretExpiry: 'cki_secret_expiry_timestamp_seconds',
  // the services
  herderProblemDetected: 'cki_herder_problem_detected',
  herderRetries: 'cki_herder_problem_retries',
  herderNoProblem: 'cki_herder_no_problem_detected',
  webhookRequests: 'cki_webhook_receiver_requests_total',
  webhookDuration: 'cki_webhook_receiver_duration_seconds',
} as const;

/** Series names Prometheus stores for a metric: a histogram's `_bucket`, `_sum` and `_count`. */
export const HISTOGRAMS: ReadonlySet<string> = new Set([METRIC.queueRetryRounds, METRIC.webhookDuration]);

/** Every series name a query may use. */
export function knownSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const name of Object.values(METRIC)) {
    if (HISTOGRAMS.has(name)) for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    else names.add(name);
  }
  return names;
}
