/**
 * The PromQL of each default alert for one project. Metric names come from
 * metric-names.ts, where each is checked against its exporter.
 */
import type { ProjectModel } from '../render/model/project-model.js';
import type { SecretsCatalogue } from '../render/schema/inventory-schema.js';
import { longestIntervalSeconds } from './cron-interval.js';
import { METRIC } from './metric-names.js';
import { bundledService, hasMetrics, usesBroker } from './project-traits.js';

/** One alert instance before overrides: its threshold is filled in by expr(). */
export interface AlertInstance {
  alert: string;
  expr: (threshold: number) => string;
  summary: string;
  /** Labels telling instances of one alert apart (the cron job, the claim). */
  labels?: Record<string, string>;
}

/** `{a="x", b=~"y"}` from pairs; values are JSON strings, which PromQL reads alike. */
export function selector(pairs: [string, string, string?][]): string {
  return `{${pairs.map(([name, value, op]) => `${name}${op ?? '='}${JSON.stringify(value)}`).join(', ')}}`;
}

/** Every alert that applies to the project, with its expressions. */
export function alertInstances(model: ProjectModel, catalogue: SecretsCatalogue): AlertInstance[] {
  const ns: [string, string] = ['namespace', model.namespace];
  const job: [string, string] = ['job', model.name];
  const out: AlertInstance[] = [];
  const metrics = hasMetrics(model);
  if (metrics) {
    out.push({ alert: 'TargetDown', expr: () => `${METRIC.up}${selector([ns, job])} == 0`, summary: `Prometheus cannot scrape ${model.name}.` });
  }
  if (model.deployment) {
    const name = model.name;
    out.push(
      {
        alert: 'PodCrashLooping',
        expr: () =>
          `max by (namespace, pod) (max_over_time(${METRIC.podWaitingReason}${selector([ns, ['container', name], ['reason', 'CrashLoopBackOff']])}[5m])) >= 1`,
        summary: `A pod of ${name} is crash-looping.`,
      },
      {
        alert: 'PodNotReady',
        expr: () => `sum by (namespace, pod) (${METRIC.podReady}${selector([ns, ['condition', 'false'], ['pod', `${name}-[a-z0-9]+-[a-z0-9]+`, '=~']])}) > 0`,
        summary: `A pod of ${name} is not ready.`,
      },
      {
        alert: 'DeploymentReplicasUnavailable',
        expr: (t) => `${METRIC.deploymentUnavailable}${selector([ns, ['deployment', name]])} > ${t}`,
        summary: `Deployment ${name} has unavailable replicas.`,
      },
    );
  }
  for (const cron of model.cronjobs) {
    const labels = { cronjob: cron.jobName };
    out.push({
      alert: 'CronJobFailed',
      // Jobs of a CronJob are named <cronjob>-<scheduled minute>.
      expr: () => `${METRIC.jobFailed}${selector([ns, ['condition', 'true'], ['job_name', `${cron.jobName}-[0-9]+`, '=~']])} > 0`,
      summary: `A run of CronJob ${cron.jobName} failed.`,
      labels,
    });
    if (!cron.suspend) {
      const interval = longestIntervalSeconds(cron.schedule);
      out.push({
        alert: 'CronJobNoRecentSuccess',
        expr: (t) => `time() - ${METRIC.cronjobLastSuccess}${selector([ns, ['cronjob', cron.jobName]])} > ${Math.ceil(interval * t)}`,
        summary: `CronJob ${cron.jobName} (${cron.schedule}) has not succeeded for longer than its schedule allows.`,
        labels,
      });
    }
  }
  const service = bundledService(model);
  if (metrics && usesBroker(model)) {
    out.push({
      alert: 'BrokerDisconnected',
      expr: () => `min by (namespace, pod) (${METRIC.queueConnected}${selector([ns, job])}) == 0`,
      summary: `${model.name} is not connected to RabbitMQ.`,
    });
    if (service !== 'webhook-receiver') {
      out.push({
        alert: 'ConsumerRetryRounds',
        // Handled messages minus those handled within the threshold's bucket. Prometheus 3
        // writes le as a float ("5.0"), 2.x as exposed ("5").
        expr: (t) => {
          const sel = (extra: [string, string, string?][]) => selector([ns, job, ...extra]);
          return (
            `sum by (namespace, queue) (increase(${METRIC.queueRetryRounds}_count${sel([])}[15m]))` +
            ` - sum by (namespace, queue) (increase(${METRIC.queueRetryRounds}_bucket${sel([['le', `${t}|${t}.0`, '=~']])}[15m])) > 0`
          );
        },
        summary: `Messages of ${model.name} went round the retry queue too often.`,
      });
      // max: every replica of a consumer reports the same queue's depth.
      const depth = `${METRIC.queueDepth}${selector([ns, job])}`;
      out.push({
        alert: 'ConsumerBacklogGrowing',
        expr: (t) => `max by (namespace, queue) (${depth}) > ${t} and max by (namespace, queue) (deriv(${depth}[15m])) > 0`,
        summary: `The queue of ${model.name} is filling up faster than it is consumed.`,
      });
    }
  }
  if (metrics && service === 'pipeline-herder') {
    out.push({
      alert: 'HerderRetryStorm',
      expr: (t) => `sum by (namespace) (increase(${METRIC.herderRetries}${selector([ns, job])}[10m])) > ${t}`,
      summary: 'The pipeline herder is retrying many jobs.',
    });
  }
  if (metrics && service === 'webhook-receiver') {
    out.push({
      alert: 'WebhookPublishFailures',
      expr: (t) => `sum by (namespace) (increase(${METRIC.webhookRequests}${selector([ns, job, ['result', 'unavailable']])}[5m])) > ${t}`,
      summary: 'The webhook receiver refuses webhooks with 503: the broker does not confirm them.',
    });
  }
  for (const claim of model.pvcs) {
    const sel = selector([ns, ['persistentvolumeclaim', claim.name]]);
    out.push({
      alert: 'VolumeFillingUp',
      expr: (t) => `${METRIC.volumeAvailable}${sel} / ${METRIC.volumeCapacity}${sel} < ${t}`,
      summary: `Volume claim ${claim.name} is almost full.`,
      labels: { persistentvolumeclaim: claim.name },
    });
  }
  // The deployment's container exports the dates (CKI_SECRETS_EXPIRY, src/lib/secret-expiry.ts).
  if (metrics && model.deployment) {
    for (const secret of model.secretNames.filter((name) => catalogue.secrets[name]?.expires !== undefined)) {
      out.push({
        alert: 'SecretExpiring',
        expr: (t) => `${METRIC.secretExpiry}${selector([ns, job, ['secret', secret]])} - time() < ${t} * 86400`,
        summary: `Secret ${secret} expires soon: renew it in Vault and set its new expires date in inventory/secrets.yml.`,
        labels: { secret },
      });
    }
  }
  return out;
}
