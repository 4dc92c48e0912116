/**
 * A project's dashboard, from what it declares: its pods (restarts, CPU and memory
 * against requests) when it runs any, its scrape target when it has metrics, message
 * rates, errors and retry rounds when it uses the common library's queue, the bundled
 * services' own metrics, its cron jobs and its volumes. Metric names from
 * metric-names.ts; queries select the project's namespace and container (named after
 * the project) or its scrape `job` (the Service, named after the project).
 */
import type { ProjectModel } from '../../render/model/project-model.js';
import { selector } from '../alert-expressions.js';
import { METRIC } from '../metric-names.js';
import { bundledService, hasMetrics, usesBroker } from '../project-traits.js';
import { dashboardJson, dashboardUid, type DashboardJson, type PanelSpec, type RowSpec } from './dashboard-json.js';

type Pair = [string, string, string?];

/** CPU or memory use of the project's containers, beside what they request. */
function usePanel(title: string, unit: string, use: string, resource: string, pod: Pair[]): PanelSpec {
  return {
    title: `${title} against requests`,
    description: `${title} of each pod (cAdvisor) and what its container requests (kube-state-metrics).`,
    unit,
    queries: [
      { expr: use, legend: '{{pod}}' },
      { expr: `sum by (pod) (${METRIC.containerRequests}${selector([...pod, ['resource', resource]])})`, legend: '{{pod}} request' },
    ],
  };
}

function podRows(model: ProjectModel, ns: Pair): RowSpec[] {
  if (!model.deployment && model.cronjobs.length === 0) return [];
  const pod: Pair[] = [ns, ['container', model.name]];
  const panels: PanelSpec[] = [
    {
      title: 'Pod restarts',
      description: 'Container restarts in the last hour, by pod (kube-state-metrics).',
      unit: 'short',
      queries: [{ expr: `sum by (pod) (increase(${METRIC.podRestarts}${selector(pod)}[1h]))`, legend: '{{pod}}' }],
    },
    usePanel('CPU', 'short', `sum by (pod) (rate(${METRIC.containerCpu}${selector(pod)}[5m]))`, 'cpu', pod),
    usePanel('Memory', 'bytes', `sum by (pod) (${METRIC.containerMemory}${selector(pod)})`, 'memory', pod),
  ];
  if (model.deployment) {
    const deployment = selector([ns, ['deployment', model.name]]);
    panels.push({
      title: 'Replicas',
      description: 'Available and unavailable replicas of the Deployment (kube-state-metrics).',
      unit: 'short',
      queries: [
        { expr: `${METRIC.deploymentAvailable}${deployment}`, legend: 'available' },
        { expr: `${METRIC.deploymentUnavailable}${deployment}`, legend: 'unavailable' },
      ],
    });
  }
  return [{ title: 'Pods', panels }];
}

function serviceRows(model: ProjectModel, ns: Pair, job: Pair): RowSpec[] {
  if (!hasMetrics(model)) return [];
  const rows: RowSpec[] = [
    {
      title: 'Scraping',
      panels: [
        {
          title: 'Targets up',
          description: 'Pods Prometheus scrapes and how many answer.',
          unit: 'short',
          queries: [
            { expr: `sum(${METRIC.up}${selector([ns, job])})`, legend: 'up' },
            { expr: `count(${METRIC.up}${selector([ns, job])})`, legend: 'targets' },
          ],
        },
      ],
    },
  ];
  const service = bundledService(model);
  const sel = (extra: Pair[] = []): string => selector([ns, job, ...extra]);
  if (usesBroker(model)) {
    const panels: PanelSpec[] = [
      {
        title: 'Broker connection',
        description: '1 while the common library is connected to RabbitMQ, by pod.',
        unit: 'short',
        queries: [{ expr: `min by (pod) (${METRIC.queueConnected}${sel()})`, legend: '{{pod}}' }],
      },
    ];
    if (service !== 'webhook-receiver') {
      panels.unshift(
        {
          title: 'Message rate',
          description: 'Messages consumed per second, by queue and result (handled, retried, parked).',
          unit: 'reqps',
          queries: [{ expr: `sum by (queue, result) (rate(${METRIC.queueMessages}${sel()}[5m]))`, legend: '{{queue}} {{result}}' }],
        },
        {
          title: 'Message errors',
          description: 'Messages whose handler threw (sent to the retry queue) or that were not JSON (parked), per second.',
          unit: 'reqps',
          queries: [
            { expr: `sum by (queue, result) (rate(${METRIC.queueMessages}${sel([['result', 'retried|parked', '=~']])}[5m]))`, legend: '{{queue}} {{result}}' },
          ],
        },
        {
          title: 'Retry rounds',
          description: 'Retry rounds a message went through before it was handled: 50th and 95th percentiles, by queue.',
          unit: 'short',
          queries: [0.5, 0.95].map((q) => ({
            expr: `histogram_quantile(${q}, sum by (queue, le) (rate(${METRIC.queueRetryRounds}_bucket${sel()}[15m])))`,
            legend: `{{queue}} p${q * 100}`,
          })),
        },
        {
          title: 'Queue depth',
          description: 'Messages ready in the consumed queue, not delivered yet (the library checks the queue on scrape), by queue.',
          unit: 'short',
          // max: every replica reports the same queue's depth.
          queries: [{ expr: `max by (queue) (${METRIC.queueDepth}${sel()})`, legend: '{{queue}}' }],
        },
        {
          title: 'Messages in flight',
          description: 'Messages being handled now, by queue.',
          unit: 'short',
          queries: [{ expr: `sum by (queue) (${METRIC.queueInFlight}${sel()})`, legend: '{{queue}}' }],
        },
      );
    }
    rows.push({ title: 'Messages', panels });
  }
  if (service === 'webhook-receiver') {
    rows.push({
      title: 'Webhooks',
      panels: [
        {
          title: 'Request rate',
          description: 'Webhook requests per second, by result.',
          unit: 'reqps',
          queries: [{ expr: `sum by (result) (rate(${METRIC.webhookRequests}${sel()}[5m]))`, legend: '{{result}}' }],
        },
        {
          title: 'Request errors',
          description: 'Webhooks not published, per second, by result (unavailable: 503, the broker did not confirm).',
          unit: 'reqps',
          queries: [{ expr: `sum by (result) (rate(${METRIC.webhookRequests}${sel([['result', 'published', '!=']])}[5m]))`, legend: '{{result}}' }],
        },
        {
          title: 'Answer time',
          description: 'Time to answer a webhook, broker confirm included: 95th percentile by result.',
          unit: 's',
          queries: [{ expr: `histogram_quantile(0.95, sum by (result, le) (rate(${METRIC.webhookDuration}_bucket${sel()}[5m])))`, legend: '{{result}}' }],
        },
      ],
    });
  }
  if (service === 'pipeline-herder') {
    const counters: [string, string][] = [
      [METRIC.herderProblemDetected, 'recognised'],
      [METRIC.herderRetries, 'retried'],
      [METRIC.herderNoProblem, 'not recognised'],
    ];
    rows.push({
      title: 'Pipeline herder',
      panels: [
        {
          title: 'Failed jobs',
          description: 'Failed jobs per hour: recognised by a matcher, retried, not recognised (reported).',
          unit: 'short',
          queries: counters.map(([metric, legend]) => ({ expr: `sum(increase(${metric}${sel()}[1h]))`, legend })),
        },
        {
          title: 'Retries by matcher',
          description: 'Jobs retried per hour, by the matcher that recognised the failure.',
          unit: 'short',
          queries: [{ expr: `sum by (matcher) (increase(${METRIC.herderRetries}${sel()}[1h]))`, legend: '{{matcher}}' }],
        },
      ],
    });
  }
  return rows;
}

function cronAndVolumeRows(model: ProjectModel, ns: Pair): RowSpec[] {
  const rows: RowSpec[] = [];
  if (model.cronjobs.length > 0) {
    const names = model.cronjobs.map((c) => c.jobName).join('|');
    rows.push({
      title: 'Cron jobs',
      panels: [
        {
          title: 'Time since last success',
          description: 'Seconds since each cron job last succeeded (kube-state-metrics).',
          unit: 's',
          queries: [{ expr: `time() - ${METRIC.cronjobLastSuccess}${selector([ns, ['cronjob', names, '=~']])}`, legend: '{{cronjob}}' }],
        },
        {
          title: 'Failed runs',
          description: 'Jobs of the cron jobs that failed and are still kept.',
          unit: 'short',
          queries: [
            {
              expr: `sum(${METRIC.jobFailed}${selector([ns, ['condition', 'true'], ['job_name', `(${names})-[0-9]+`, '=~']])})`,
              legend: 'failed',
            },
          ],
        },
      ],
    });
  }
  if (model.pvcs.length > 0) {
    const sel = selector([ns, ['persistentvolumeclaim', model.pvcs.map((p) => p.name).join('|'), '=~']]);
    rows.push({
      title: 'Volumes',
      panels: [
        {
          title: 'Volume space used',
          description: 'Fraction of each volume claim in use (kubelet).',
          unit: 'percentunit',
          queries: [{ expr: `1 - ${METRIC.volumeAvailable}${sel} / ${METRIC.volumeCapacity}${sel}`, legend: '{{persistentvolumeclaim}}' }],
        },
      ],
    });
  }
  return rows;
}

/** The project's dashboard, or undefined when it runs nothing to watch. */
export function projectDashboard(model: ProjectModel): DashboardJson | undefined {
  const ns: Pair = ['namespace', model.namespace];
  const job: Pair = ['job', model.name];
  const rows = [...podRows(model, ns), ...serviceRows(model, ns, job), ...cronAndVolumeRows(model, ns)];
  if (rows.length === 0) return undefined;
  return dashboardJson({
    uid: dashboardUid(model.environment, model.name),
    title: `${model.name} (${model.environment})`,
    description: `Rendered by deployment-all from the project vars of ${model.name}; changes are overwritten by the next deploy.`,
    tags: ['deployment-all', model.environment, model.name],
    rows,
  });
}
