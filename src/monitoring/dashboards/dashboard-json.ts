/**
 * Grafana dashboard JSON (the classic `dashboard` schema, version 42), written as plain
 * objects: Grafana's schema package (@grafana/grafana-foundation-sdk, Apache-2.0) costs
 * more to load than the render of a repository, so the tests rebuild every rendered
 * dashboard with its builders and require the same JSON (dashboard-schema.test.ts).
 * Layout as the builders do it: a full-width row header, then panels left to right,
 * two a line.
 */
import { createHash } from 'node:crypto';

/** A PromQL query of a panel, with its legend. */
export interface PanelQuery {
  expr: string;
  legend: string;
}

export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit: `short`, `reqps`, `percentunit`, `bytes`, `s`... */
  unit: string;
  queries: PanelQuery[];
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  rows: RowSpec[];
}

interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export interface RowPanelJson {
  type: 'row';
  collapsed: boolean;
  id: number;
  panels: [];
  title: string;
  gridPos: GridPos;
}

export interface TimeseriesPanelJson {
  type: 'timeseries';
  transparent: boolean;
  repeatDirection: 'h';
  options: {
    legend: { displayMode: 'list'; placement: 'bottom'; showLegend: boolean; calcs: [] };
    tooltip: { mode: 'multi'; sort: 'desc' };
  };
  fieldConfig: { defaults: { custom: Record<string, never>; unit: string }; overrides: [] };
  title: string;
  description: string;
  datasource: { type: 'prometheus'; uid: string };
  gridPos: GridPos;
  targets: { expr: string; legendFormat: string; refId: string }[];
}

export interface DashboardJson {
  timezone: 'browser';
  editable: boolean;
  graphTooltip: 1;
  fiscalYearStartMonth: 0;
  schemaVersion: 42;
  templating: { list: DatasourceVariableJson[] };
  annotations: Record<string, never>;
  title: string;
  description: string;
  uid: string;
  tags: string[];
  refresh: string;
  time: { from: string; to: string };
  panels: (RowPanelJson | TimeseriesPanelJson)[];
}

interface DatasourceVariableJson {
  type: 'datasource';
  name: string;
  skipUrlSync: false;
  multi: false;
  allowCustomValue: true;
  includeAll: false;
  auto: false;
  auto_min: '10s';
  auto_count: 30;
  label: string;
  query: 'prometheus';
}

/** The Prometheus data source is a variable, so one dashboard fits any Grafana. */
export const DATASOURCE_VARIABLE = 'datasource';
const DATASOURCE = { type: 'prometheus' as const, uid: `\${${DATASOURCE_VARIABLE}}` };
const PANEL = { w: 12, h: 8 };
const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Grafana's uid, at most 40 characters: readable when it fits, else a digest (hashing every one costs a render). */
export function dashboardUid(...parts: string[]): string {
  // `_` joins: names (DNS labels) have none, so two pairs cannot give one uid.
  const readable = `da-${parts.join('_')}`;
  if (readable.length <= 40) return readable;
  return `da-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20)}`;
}

function timeseries(panel: PanelSpec, gridPos: GridPos): TimeseriesPanelJson {
  return {
    type: 'timeseries',
    transparent: false,
    repeatDirection: 'h',
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    fieldConfig: { defaults: { custom: {}, unit: panel.unit }, overrides: [] },
    title: panel.title,
    description: panel.description,
    datasource: DATASOURCE,
    gridPos,
    targets: panel.queries.map((q, i) => ({ expr: q.expr, legendFormat: q.legend, refId: REF_IDS.charAt(i) })),
  };
}

export function dashboardJson(spec: DashboardSpec): DashboardJson {
  const panels: DashboardJson['panels'] = [];
  let y = 0;
  for (const row of spec.rows.filter((r) => r.panels.length > 0)) {
    panels.push({ type: 'row', collapsed: false, id: 0, panels: [], title: row.title, gridPos: { x: 0, y, h: 1, w: 24 } });
    y += 1;
    row.panels.forEach((panel, i) => {
      const x = (i % 2) * PANEL.w;
      panels.push(timeseries(panel, { h: PANEL.h, w: PANEL.w, x, y }));
      if (x > 0 || i === row.panels.length - 1) y += PANEL.h;
    });
  }
  return {
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    fiscalYearStartMonth: 0,
    schemaVersion: 42,
    templating: {
      list: [
        {
          type: 'datasource',
          name: DATASOURCE_VARIABLE,
          skipUrlSync: false,
          multi: false,
          allowCustomValue: true,
          includeAll: false,
          auto: false,
          auto_min: '10s',
          auto_count: 30,
          label: 'Prometheus',
          query: 'prometheus',
        },
      ],
    },
    annotations: {},
    title: spec.title,
    description: spec.description,
    uid: spec.uid,
    tags: spec.tags,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    panels,
  };
}

/** Every PromQL expression of a dashboard, with the panel it is in (for the tests and errors). */
export function dashboardQueries(dashboard: DashboardJson): { panel: string; expr: string }[] {
  return dashboard.panels.flatMap((p) => (p.type === 'timeseries' ? p.targets.map((t) => ({ panel: p.title, expr: t.expr })) : []));
}
