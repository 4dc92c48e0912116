/** Prometheus metrics of the served status: cells per environment and verdict, and what the refreshes cost. */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { StatusReport } from './report.js';
import { countCells } from './cells.js';

export interface StatusMetrics {
  /** Records a finished refresh. */
  observe(report: StatusReport, seconds: number): void;
  refreshFailed(): void;
}

const VERDICTS = ['in_sync', 'unhealthy', 'drifted', 'behind', 'error'] as const;

export function statusMetrics(registry: Registry): StatusMetrics {
  const cells = new Gauge({
    name: 'deployment_all_status_cells',
    help: 'Project-environments by verdict (in_sync: deployed without any problem)',
    labelNames: ['environment', 'verdict'],
    registers: [registry],
  });
  const reachable = new Gauge({
    name: 'deployment_all_status_environment_reachable',
    help: '1 when the environment could be read',
    labelNames: ['environment'],
    registers: [registry],
  });
  const requests = new Counter({ name: 'deployment_all_status_api_requests_total', help: 'API server requests made by the refreshes', registers: [registry] });
  const refreshes = new Counter({ name: 'deployment_all_status_refreshes_total', help: 'Refreshes finished', registers: [registry] });
  const failures = new Counter({
    name: 'deployment_all_status_refresh_failures_total',
    help: 'Refreshes that failed (the last report is kept)',
    registers: [registry],
  });
  const duration = new Gauge({ name: 'deployment_all_status_refresh_seconds', help: 'Duration of the last refresh', registers: [registry] });
  const last = new Gauge({ name: 'deployment_all_status_last_refresh_timestamp_seconds', help: 'When the last refresh finished', registers: [registry] });
  return {
    observe(report, seconds) {
      cells.reset();
      reachable.reset();
      for (const e of report.environments) {
        reachable.set({ environment: e.name }, e.error ? 0 : 1);
        const counts = countCells(
          report.cells.filter((c) => c.environment === e.name),
          [],
        );
        const byVerdict: Record<(typeof VERDICTS)[number], number> = {
          in_sync: counts.inSync,
          unhealthy: counts.unhealthy,
          drifted: counts.drifted,
          behind: counts.behind,
          error: counts.errors,
        };
        for (const verdict of VERDICTS) cells.set({ environment: e.name, verdict }, byVerdict[verdict]);
      }
      requests.inc(report.requests);
      refreshes.inc();
      duration.set(seconds);
      last.set(Date.now() / 1000);
    },
    refreshFailed: () => failures.inc(),
  };
}
