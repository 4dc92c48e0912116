/**
 * One overview dashboard per environment: its firing alerts, scrape targets, pod
 * restarts, CPU and memory against requests and message rates, one series per project.
 */
import type { ProjectModel } from '../../render/model/project-model.js';
import { selector } from '../alert-expressions.js';
import { METRIC } from '../metric-names.js';
import { hasMetrics, usesBroker } from '../project-traits.js';
import { dashboardJson, dashboardUid, type DashboardJson, type PanelSpec } from './dashboard-json.js';

/** `a|b|c` for a regex matcher; project names and namespaces are DNS labels, with no regex metacharacters. */
const alternatives = (names: Iterable<string>): string => [...new Set(names)].sort().join('|');

/** The overview of the projects rendered for one environment (those with pods or metrics). */
export function environmentOverview(environment: string, models: readonly ProjectModel[]): DashboardJson | undefined {
  const running = models.filter((m) => m.deployment || m.cronjobs.length > 0);
  if (running.length === 0) return undefined;
  const ns: [string, string, string] = ['namespace', alternatives(running.map((m) => m.namespace)), '=~'];
  const containers: [string, string, string] = ['container', alternatives(running.map((m) => m.name)), '=~'];
  const pod = selector([ns, containers]);
  const usage = (title: string, unit: string, use: string, resource: string): PanelSpec => ({
    title: `${title} against requests`,
    description: `${title} used by each project's containers (cAdvisor) and what they request (kube-state-metrics).`,
    unit,
    queries: [
      { expr: use, legend: '{{container}}' },
      {
        expr: `sum by (container) (${METRIC.containerRequests}${selector([ns, containers, ['resource', resource]])})`,
        legend: '{{container}} request',
      },
    ],
  });
  const panels: PanelSpec[] = [
    {
      title: 'Firing alerts',
      description: "The environment's firing alerts, by project and alert.",
      unit: 'short',
      queries: [
        {
          expr: `sum by (project, alertname) (${METRIC.alerts}${selector([
            ['alertstate', 'firing'],
            ['environment', environment],
          ])})`,
          legend: '{{project}} {{alertname}}',
        },
      ],
    },
    {
      title: 'Pod restarts',
      description: 'Container restarts in the last hour, by project.',
      unit: 'short',
      queries: [{ expr: `sum by (container) (increase(${METRIC.podRestarts}${pod}[1h]))`, legend: '{{container}}' }],
    },
    usage('CPU', 'short', `sum by (container) (rate(${METRIC.containerCpu}${pod}[5m]))`, 'cpu'),
    usage('Memory', 'bytes', `sum by (container) (${METRIC.containerMemory}${pod})`, 'memory'),
  ];
  const scraped = running.filter(hasMetrics);
  if (scraped.length > 0) {
    const jobs = selector([ns, ['job', alternatives(scraped.map((m) => m.name)), '=~']]);
    panels.push({
      title: 'Targets down',
      description: 'Scrape targets that do not answer, by project.',
      unit: 'short',
      queries: [{ expr: `count by (job) (${METRIC.up}${jobs} == 0)`, legend: '{{job}}' }],
    });
    if (scraped.some(usesBroker)) {
      panels.push({
        title: 'Message rate',
        description: 'Messages consumed per second, by project and result (handled, retried, parked).',
        unit: 'reqps',
        queries: [{ expr: `sum by (job, result) (rate(${METRIC.queueMessages}${jobs}[5m]))`, legend: '{{job}} {{result}}' }],
      });
    }
  }
  return dashboardJson({
    uid: dashboardUid(environment, 'overview'),
    title: `Overview (${environment})`,
    description: `Rendered by deployment-all: every project of environment ${environment}.`,
    tags: ['deployment-all', environment, 'overview'],
    rows: [{ title: environment, panels }],
  });
}
