/** The terminal table: one row per project, one column per environment; problems in colour. */
import type { Painter } from '../cli/output.js';
import { ago, shortCommit, verdictText } from './present.js';
import type { StatusCell, StatusReport } from './report.js';

// eslint-disable-next-line no-control-regex -- the escape sequences painted on a terminal
const ANSI = /\u001b\[\d+m/g;
const width = (text: string): number => text.replace(ANSI, '').length;
const pad = (text: string, to: number): string => text + ' '.repeat(Math.max(0, to - width(text)));

function cellText(cell: StatusCell | undefined, now: Date, paint: Painter): string {
  if (!cell) return '';
  const verdict = verdictText(cell);
  const painted =
    cell.problems.length > 0 || cell.state === 'unreachable' ? paint.red(verdict) : cell.state === 'deployed' ? paint.green(verdict) : paint.yellow(verdict);
  if (cell.hosts) return `${painted} ${vmRevisionText(cell, now)}`.trimEnd();
  const r = cell.revision;
  if (!r) return painted;
  return `${painted} #${r.number} ${shortCommit(r.commit)} ${ago(r.time, now)} ${r.user ?? '-'}`;
}

/** A VM group: hosts on this checkout's render, and the newest revision recorded. */
function vmRevisionText(cell: StatusCell, now: Date): string {
  const hosts = cell.hosts ?? [];
  const applied = hosts.flatMap((h) => (h.revision ? [h.revision] : []));
  const newest = applied.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''))[0];
  if (!newest) return '';
  return `${applied.length}/${hosts.length} hosts ${shortCommit(newest.commit)} ${newest.time ? ago(newest.time, now) : '-'} ${newest.user ?? '-'}`;
}

export function formatTable(report: StatusReport, paint: Painter, now = new Date()): string {
  const header = ['PROJECT', ...report.environments.map((e) => e.name.toUpperCase())];
  const byKey = new Map(report.cells.map((c) => [`${c.environment}/${c.project}`, c]));
  const rows = report.projects.map((project) => [project, ...report.environments.map((e) => cellText(byKey.get(`${e.name}/${project}`), now, paint))]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cols: string[]) => `${cols.map((c, i) => pad(c, widths[i] ?? 0)).join('  ')}`.trimEnd();
  const out = [paint.bold(line(header)), ...rows.map(line)];
  for (const e of report.environments) if (e.error) out.push(paint.red(`${e.name}: ${e.error}`));
  for (const c of report.cells) if (c.error) out.push(paint.red(`${c.environment}/${c.project}: ${c.error}`));
  if (report.renderError) out.push(paint.yellow(`behind unknown: ${report.renderError}`));
  const k = report.counts;
  out.push(`${k.inSync} of ${k.cells} in sync, ${k.unhealthy} unhealthy, ${k.drifted} drifted, ${k.behind} behind, ${k.errors} unreadable`);
  return `${out.join('\n')}\n`;
}
