/**
 * Grafana dashboards rendered from project vars: every panel's PromQL parsed by
 * Prometheus' own grammar and naming only metrics we or kube-state-metrics, cAdvisor
 * and the kubelet publish (src/monitoring/metric-names.ts); every dashboard the JSON
 * Grafana's schema package builds from the same parts; the ConfigMaps labelled for
 * the sidecar; the panels following what a project declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as sdk from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { dashboardQueries, type DashboardJson } from '../../src/monitoring/dashboards/dashboard-json.js';
import { knownSeriesNames, METRIC } from '../../src/monitoring/metric-names.js';
import type { K8sObject } from '../../src/render/objects/k8s-object.js';
import { monitoringTexts } from '../../src/render/monitoring-files.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { FIXTURES, makeRepo, REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { parsePromql } from '../helpers/query-parse.js';

/** Every dashboard file a render writes, by path. */
function renderedDashboards(root: string): Map<string, DashboardJson> {
  const result = renderRepository({ root });
  const files = monitoringTexts(result.rendered, result.inventory);
  return new Map(
    [...files].filter(([path]) => path.includes('/dashboards/') && path.endsWith('.json')).map(([path, text]) => [path, JSON.parse(text) as DashboardJson]),
  );
}

/** What is wrong with one query: parse errors, metrics nobody publishes. */
function queryProblems(expr: string, known: Set<string>): string[] {
  const parsed = parsePromql(expr);
  const problems = parsed.errors.map((at) => `parse error at ${at}`);
  if (parsed.metrics.length === 0) problems.push('names no metric');
  problems.push(...parsed.metrics.filter((m) => !known.has(m)).map((m) => `unknown metric ${m}`));
  return problems;
}

const bundled = renderedDashboards(REPOSITORY_ROOT);
const basic = renderedDashboards(join(FIXTURES, 'basic'));

describe('dashboard queries', () => {
  const known = knownSeriesNames();
  const all = [...bundled, ...basic].flatMap(([file, d]) => dashboardQueries(d).map((q) => ({ file, ...q })));

  it('the bundled repository has a dashboard per running project and an overview per environment', () => {
    const production = [...bundled.keys()].filter((f) => f.startsWith('production/')).sort();
    expect(production).toContain('production/monitoring/dashboards/overview.json');
    expect(production).toContain('production/monitoring/dashboards/production-pipeline-herder.json');
    expect(all.length).toBeGreaterThan(50);
  });

  it('every PromQL parses and names only known metrics', () => {
    const problems = all.flatMap((q) => queryProblems(q.expr, known).map((p) => `${q.file}: ${q.panel}: ${p}: ${q.expr}`));
    expect(problems).toEqual([]);
  });

  it('the check catches a broken query and a metric nobody exports', () => {
    expect(queryProblems('sum by (pod) (rate(up{job="x"}[5m])', known)).toEqual([expect.stringMatching(/^parse error/)]);
    expect(queryProblems('sum(cki_messagequeue_depth{job="x"})', known)).toEqual(['unknown metric cki_messagequeue_depth']);
    expect(queryProblems('sum(up{job="x"})', known)).toEqual([]);
  });

  it('every metric of the library and the services in the known set is one their code registers', () => {
    const sources = ['src/lib', 'src/lib/messagequeue', 'src/services/pipeline-herder', 'src/services/webhook-receiver'].flatMap((dir) =>
      readdirSync(join(REPOSITORY_ROOT, dir))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => readFileSync(join(REPOSITORY_ROOT, dir, f), 'utf8')),
    );
    const ours = Object.values(METRIC).filter((name) => name.startsWith('cki_'));
    expect(ours.length).toBeGreaterThan(5);
    for (const name of ours)
      expect(
        sources.some((text) => text.includes(`name: '${name}'`)),
        name,
      ).toBe(true);
  });
});

/** The same dashboard built by Grafana's schema package from its parts. */
function rebuiltWithSdk(ours: DashboardJson): unknown {
  const builder = new sdk.DashboardBuilder(ours.title)
    .uid(ours.uid)
    .description(ours.description)
    .tags(ours.tags)
    .editable()
    .tooltip(sdk.DashboardCursorSync.Crosshair)
    .refresh(ours.refresh)
    .time(ours.time)
    .withVariable(new sdk.DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'));
  for (const panel of ours.panels) {
    if (panel.type === 'row') {
      builder.withRow(new sdk.RowBuilder(panel.title));
      continue;
    }
    const built = new timeseries.PanelBuilder()
      .title(panel.title)
      .description(panel.description)
      .unit(panel.fieldConfig.defaults.unit)
      .datasource(panel.datasource)
      // x and y 0: the builder places the panel itself, as ours does.
      .gridPos({ h: panel.gridPos.h, w: panel.gridPos.w, x: 0, y: 0 })
      .legend(
        new common.VizLegendOptionsBuilder().displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).showLegend(true).calcs([]),
      )
      .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
    for (const t of panel.targets) built.withTarget(new prometheus.DataqueryBuilder().expr(t.expr).legendFormat(t.legendFormat).refId(t.refId));
    builder.withPanel(built);
  }
  return JSON.parse(JSON.stringify(builder.build()));
}

describe("Grafana's schema package (@grafana/grafana-foundation-sdk)", () => {
  it.each([...bundled.keys()].filter((f) => f.startsWith('production/')))('%s is what its builders make of the same parts', (file) => {
    const ours = bundled.get(file) as DashboardJson;
    expect(ours).toEqual(rebuiltWithSdk(ours));
  });
});

describe('what a project declares decides its dashboard', () => {
  const API = 'projects/api/project-vars.yml.j2';
  const titles = (vars: string): string[] => {
    const root = makeRepo('basic', { [API]: vars });
    const item = renderRepository({ root, targets: ['prod/api'] }).rendered[0];
    return item?.dashboard?.panels.map((p) => p.title) ?? [];
  };

  it('a deployment: pods, CPU and memory against requests, replicas', () => {
    expect(titles('deployment:\n  image: x\n')).toEqual(['Pods', 'Pod restarts', 'CPU against requests', 'Memory against requests', 'Replicas']);
  });

  it('metrics and RABBITMQ_HOST add scraping and the message panels', () => {
    const list = titles('deployment:\n  image: x\n  variables:\n    - RABBITMQ_HOST: rabbit\nservices:\n  - port: 8000\n    metrics: true\n');
    expect(list).toEqual(expect.arrayContaining(['Targets up', 'Messages', 'Message rate', 'Message errors', 'Retry rounds', 'Broker connection']));
  });

  it('a project without pods has no dashboard, and no ConfigMap', () => {
    const root = makeRepo('basic', { [API]: 'configmaps:\n  settings: {a: b}\n' });
    const item = renderRepository({ root, targets: ['prod/api'] }).rendered[0];
    expect(item?.dashboard).toBeUndefined();
    expect(item?.objects.filter((o) => o.metadata.labels?.grafana_dashboard)).toEqual([]);
  });
});

describe('dashboard ConfigMaps', () => {
  it("carry the sidecar's label, the project's labels and the file's JSON", () => {
    const result = renderRepository({ root: REPOSITORY_ROOT, targets: ['production/pipeline-herder'] });
    const item = result.rendered[0];
    const map = item?.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1') as K8sObject & {
      data: Record<string, string>;
    };
    expect(map.metadata).toMatchObject({ name: 'pipeline-herder-grafana-dashboard', namespace: item?.model.namespace });
    expect(map.metadata.labels).toMatchObject({ 'deployment-all.io/project': 'pipeline-herder', grafana_dashboard: '1' });
    const files = monitoringTexts(result.rendered, result.inventory);
    // Compact in the ConfigMap, indented in the file: the same dashboard.
    expect(JSON.parse(map.data['production-pipeline-herder.json'] as string)).toEqual(
      JSON.parse(files.get('production/monitoring/dashboards/production-pipeline-herder.json') as string),
    );
  });

  it("the environment's overview ConfigMap is written beside its JSON", () => {
    const result = renderRepository({ root: REPOSITORY_ROOT, targets: ['staging'] });
    const files = monitoringTexts(result.rendered, result.inventory);
    const map = load(files.get('staging/monitoring/dashboards/overview-configmap.yaml') as string) as K8sObject & { data: Record<string, string> };
    expect(map.metadata.labels).toEqual({ 'deployment-all.io/environment': 'staging', grafana_dashboard: '1' });
    expect(JSON.parse(map.data['staging-overview.json'] as string)).toEqual(JSON.parse(files.get('staging/monitoring/dashboards/overview.json') as string));
  });
});
