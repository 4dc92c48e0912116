import { Counter, type Registry } from 'prom-client';

/** The herder's metrics, as the team's dashboards know them. */
export interface HerderMetrics {
  problemDetected: Counter<'matcher' | 'stage' | 'job'>;
  problemRetries: Counter<'matcher' | 'stage' | 'job'>;
  noProblemDetected: Counter<'stage' | 'job'>;
}

export function herderMetrics(registry: Registry): HerderMetrics {
  const registers = [registry];
  return {
    problemDetected: new Counter({
      name: 'cki_herder_problem_detected',
      help: 'Failed jobs whose failure a matcher recognised',
      labelNames: ['matcher', 'stage', 'job'],
      registers,
    }),
    problemRetries: new Counter({
      name: 'cki_herder_problem_retries',
      help: 'Jobs retried through the GitLab API',
      labelNames: ['matcher', 'stage', 'job'],
      registers,
    }),
    noProblemDetected: new Counter({
      name: 'cki_herder_no_problem_detected',
      help: 'Failed jobs no matcher recognised (reported)',
      labelNames: ['stage', 'job'],
      registers,
    }),
  };
}
