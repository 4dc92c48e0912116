/**
 * One `promtool test rules` case per default alert: synthetic series that must make it
 * fire (with the labels it must carry) and series that must not (the condition false,
 * or true for another project, container, cron job or claim). Series are named as their
 * exporters publish them (see src/monitoring/alert-expressions.ts).
 */
import type { AlertRule } from '../../../src/monitoring/alert-rules.js';

export interface Series {
  series: string;
  values: string;
}

export interface AlertCase {
  /** Series under which the alert fires at `fireAt`, with these labels beside the rule's. */
  fire: { input: Series[]; at: string; labels: Record<string, string>[] };
  /** Series under which it stays silent at `quietAt`. */
  quiet: { input: Series[]; at: string };
}

export function series(name: string, labels: Record<string, string>, values: string): Series {
  return {
    series: `${name}{${Object.entries(labels)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ')}}`,
    values,
  };
}

/** The case of `rule`, whose project and namespace are `project` and `namespace`. */
export function alertCase(rule: AlertRule, project: string, namespace: string): AlertCase {
  const ns = { namespace };
  const job = { namespace, job: project };
  const other = { namespace, job: `${project}-other` };
  const pod = `${project}-5d8f9c7b4-x2k9q`;
  switch (rule.alert) {
    case 'TargetDown':
      return {
        fire: { input: [series('up', job, '0x15')], at: '10m', labels: [job] },
        quiet: { input: [series('up', job, '1x15'), series('up', other, '0x15')], at: '10m' },
      };
    case 'PodCrashLooping': {
      const waiting = (container: string, reason: string) => series('kube_pod_container_status_waiting_reason', { ...ns, pod, container, reason }, '1x40');
      return {
        fire: { input: [waiting(project, 'CrashLoopBackOff')], at: '30m', labels: [{ ...ns, pod }] },
        quiet: { input: [waiting(project, 'ContainerCreating'), waiting(`${project}-other`, 'CrashLoopBackOff')], at: '30m' },
      };
    }
    case 'PodNotReady': {
      const ready = (p: string, condition: string, v: string) => series('kube_pod_status_ready', { ...ns, pod: p, condition }, v);
      return {
        fire: { input: [ready(pod, 'false', '1x30'), ready(pod, 'true', '0x30')], at: '20m', labels: [{ ...ns, pod }] },
        quiet: { input: [ready(pod, 'false', '0x30'), ready(pod, 'true', '1x30'), ready('other-5d8f9c7b4-x2k9q', 'false', '1x30')], at: '20m' },
      };
    }
    case 'DeploymentReplicasUnavailable':
      return {
        fire: {
          input: [series('kube_deployment_status_replicas_unavailable', { ...ns, deployment: project }, '1x40')],
          at: '35m',
          labels: [{ ...ns, deployment: project }],
        },
        quiet: {
          input: [
            series('kube_deployment_status_replicas_unavailable', { ...ns, deployment: project }, '0x40'),
            series('kube_deployment_status_replicas_unavailable', { ...ns, deployment: `${project}-other` }, '3x40'),
          ],
          at: '35m',
        },
      };
    case 'CronJobFailed': {
      const cron = rule.labels.cronjob as string;
      const failed = (jobName: string, v: string) => series('kube_job_failed', { ...ns, job_name: jobName, condition: 'true' }, v);
      return {
        fire: { input: [failed(`${cron}-29017380`, '1x5')], at: '3m', labels: [{ ...ns, job_name: `${cron}-29017380`, condition: 'true' }] },
        // Another cron job whose name starts with this one's (artifact-cleaner-report).
        quiet: { input: [failed(`${cron}-29017380`, '0x5'), failed(`${cron}-report-29017380`, '1x5')], at: '3m' },
      };
    }
    case 'CronJobNoRecentSuccess': {
      const cron = rule.labels.cronjob as string;
      // The last success at time 0; the threshold in seconds is in the expression.
      const limit = Number(/> (\d+)$/.exec(rule.expr)?.[1]);
      const minutes = Math.ceil(limit / 60);
      const last = (c: string) => series('kube_cronjob_status_last_successful_time', { ...ns, cronjob: c }, `0x${minutes + 30}`);
      return {
        fire: { input: [last(cron)], at: `${minutes + 20}m`, labels: [{ ...ns, cronjob: cron }] },
        quiet: { input: [last(cron), last(`${cron}-other`)], at: `${minutes - 5}m` },
      };
    }
    case 'BrokerDisconnected': {
      const connected = (labels: Record<string, string>, v: string) => series('cki_messagequeue_connected', { ...labels, pod, client: project }, v);
      return {
        fire: { input: [connected(job, '0x10')], at: '8m', labels: [{ ...ns, pod }] },
        quiet: { input: [connected(job, '1x10'), connected(other, '0x10')], at: '8m' },
      };
    }
    case 'ConsumerRetryRounds': {
      const le = /le=~"(\d+)\|/.exec(rule.expr)?.[1] as string;
      const histogram = (labels: Record<string, string>, count: string, bucket: string) => [
        series('cki_messagequeue_retry_rounds_count', { ...labels, queue: 'q' }, count),
        series('cki_messagequeue_retry_rounds_bucket', { ...labels, queue: 'q', le }, bucket),
      ];
      return {
        fire: { input: histogram(job, '0+2x20', '0+1x20'), at: '10m', labels: [{ ...ns, queue: 'q' }] },
        quiet: { input: [...histogram(job, '0+2x20', '0+2x20'), ...histogram(other, '0+2x20', '0x20')], at: '10m' },
      };
    }
    case 'ConsumerBacklogGrowing': {
      const threshold = Number(/\) > (\d+) and/.exec(rule.expr)?.[1]);
      const depth = (labels: Record<string, string>, queue: string, v: string) => series('cki_messagequeue_queue_messages', { ...labels, queue, pod }, v);
      const growing = `${threshold}+${threshold / 10}x60`;
      return {
        // Above the threshold from the start and rising: fires once `for` has passed.
        fire: { input: [depth(job, 'q', growing)], at: '40m', labels: [{ ...ns, queue: 'q' }] },
        quiet: {
          input: [
            depth(job, 'small', '0+1x60'), // rising, but below the threshold
            depth(job, 'draining', `${threshold * 10}-${threshold / 10}x60`), // large, but shrinking
            depth(job, 'steady', `${threshold * 5}x60`), // large and flat: consumed as fast as published
            depth(other, 'q', growing), // another project's queue
          ],
          at: '40m',
        },
      };
    }
    case 'HerderRetryStorm': {
      // The herder's own `job` label (the CI job) becomes exported_job when scraped.
      const retries = (labels: Record<string, string>, v: string) =>
        series('cki_herder_problem_retries', { ...labels, exported_job: 'build', matcher: 'network-timeout', stage: 'test' }, v);
      return {
        fire: { input: [retries(job, '0+5x20')], at: '15m', labels: [ns] },
        quiet: { input: [retries(job, '0+1x20'), retries(other, '0+50x20')], at: '15m' },
      };
    }
    case 'WebhookPublishFailures': {
      const requests = (labels: Record<string, string>, result: string, v: string) =>
        series('cki_webhook_receiver_requests_total', { ...labels, event: 'push', result }, v);
      return {
        fire: { input: [requests(job, 'unavailable', '0+1x10')], at: '8m', labels: [ns] },
        quiet: { input: [requests(job, 'unavailable', '0x10'), requests(job, 'published', '0+10x10'), requests(other, 'unavailable', '0+1x10')], at: '8m' },
      };
    }
    case 'VolumeFillingUp': {
      const claim = rule.labels.persistentvolumeclaim as string;
      const volume = (c: string, available: string) => [
        series('kubelet_volume_stats_available_bytes', { ...ns, persistentvolumeclaim: c }, available),
        series('kubelet_volume_stats_capacity_bytes', { ...ns, persistentvolumeclaim: c }, '100x30'),
      ];
      return {
        fire: { input: volume(claim, '5x30'), at: '20m', labels: [{ ...ns, persistentvolumeclaim: claim }] },
        quiet: { input: [...volume(claim, '50x30'), ...volume(`${claim}-other`, '1x30')], at: '20m' },
      };
    }
    case 'SecretExpiring': {
      const secret = rule.labels.secret as string;
      const day = 86400;
      const expiry = (labels: Record<string, string>, s: string, days: number) =>
        series('cki_secret_expiry_timestamp_seconds', { ...labels, secret: s, pod }, `${days * day}x5`);
      return {
        fire: { input: [expiry(job, secret, 10)], at: '1m', labels: [{ ...job, secret, pod }] },
        quiet: { input: [expiry(job, secret, 30), expiry(job, `${secret}_OTHER`, 3), expiry(other, secret, 3)], at: '1m' },
      };
    }
    default:
      throw new Error(`no promtool case for alert ${rule.alert}: add one here`);
  }
}
