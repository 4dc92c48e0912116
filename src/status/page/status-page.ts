/**
 * The status report as one self-contained HTML page (style and script inline, no
 * other file, nothing fetched from elsewhere): environments in deploy order as
 * columns, projects with problems first, a filter box, links to each revision's
 * pipeline and job, and a cell's earlier revisions on click.
 */
import type { Revision } from '../../deploy/inventory-store.js';
import { ago, shortCommit, shortImage, verdictText } from '../present.js';
import type { StatusCell, StatusReport } from '../report.js';
import { esc, link } from './escape.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

export interface PageOptions {
  /** When served: seconds between two refreshes of the page's report (0: none). */
  refreshSeconds?: number;
}

function revisionLine(r: Revision, now: Date): string {
  const parts = [`#${r.number}`, shortCommit(r.commit), `${ago(r.time, now)} ago`, r.user ?? '-'].map(esc).join(' · ');
  return `<div class="line" title="${esc(`${r.time}${r.commit ? ` ${r.commit}` : ''}`)}">${parts}</div>`;
}

function historyBox(cell: StatusCell, now: Date): string {
  const items = cell.history.map(
    (r) =>
      `<li>${revisionLine(r, now)}<span class="detail">${esc(r.images.map(shortImage).join(' ') || '-')}</span> ${link(r.pipelineUrl, 'pipeline', 'pipeline')}${link(r.jobUrl, 'job', 'job')}</li>`,
  );
  const body = items.length > 0 ? `<ol>${items.join('')}</ol>` : '<span class="detail">no earlier revision recorded</span>';
  return `<div class="history" hidden><strong>earlier revisions</strong>${body}</div>`;
}

function verdictClass(cell: StatusCell): string {
  if (cell.problems.length > 0 || cell.state === 'unreachable') return 'bad';
  return cell.state === 'deployed' ? 'ok' : 'warn';
}

/** `Deployment/web` for `Deployment/cki/web`: the column already names the namespace. */
function withoutNamespace(ref: string): string {
  const parts = ref.split('/');
  return parts.length === 3 ? `${parts[0] ?? ''}/${parts[2] ?? ''}` : ref;
}

const commitsSince = (n: number | undefined): string => (n === undefined ? '' : ` (${n} commit${n === 1 ? '' : 's'} since)`);

function details(cell: StatusCell, now: Date): string[] {
  const lines: string[] = [];
  if (cell.error) lines.push(cell.error);
  for (const h of (cell.hosts ?? []).filter((host) => host.error === undefined)) {
    const r = h.revision;
    lines.push(`${h.host}: ${r ? `${shortCommit(r.commit)} ${r.user ?? '-'} ${r.time ? ago(r.time, now) : '-'}` : 'never applied'}`);
  }
  for (const w of cell.health?.workloads ?? []) lines.push(`${w.ok ? '' : '✗ '}${withoutNamespace(w.ref)}: ${w.progress}`);
  for (const d of cell.drift?.objects ?? []) lines.push(`drift: ${d.ref} ${d.why === 'missing' ? 'is missing' : 'was changed by someone else'}`);
  if (cell.drift?.unfinished) lines.push('drift: the last apply did not finish');
  if (cell.drift?.unchecked) lines.push(`drift not checked (not readable): ${cell.drift.unchecked.join(', ')}`);
  if (cell.behind?.status === 'behind') lines.push(`behind: this checkout renders it differently${commitsSince(cell.behind.commits)}`);
  if (cell.behind?.detail) lines.push(`commit: ${cell.behind.detail}`);
  return lines;
}

function cellHtml(cell: StatusCell | undefined, now: Date): string {
  if (!cell) return '<td class="muted">-</td>';
  const problems = cell.problems.join(' ');
  const classes = ['cell', `state-${cell.state}`, ...(problems ? ['problem'] : []), ...(cell.state === 'deployed' ? [] : ['muted'])];
  const r = cell.revision;
  const parts = [`<span class="verdict ${verdictClass(cell)}">${esc(verdictText(cell))}</span>`];
  if (r) {
    parts.push(revisionLine(r, now));
    if (r.images.length > 0) parts.push(`<div class="line">${esc(r.images.map(shortImage).join(' '))}</div>`);
    const links = `${link(r.pipelineUrl, 'pipeline', 'pipeline')}${link(r.jobUrl, 'job', 'job')}`;
    if (links) parts.push(`<div>${links}</div>`);
  }
  for (const line of details(cell, now)) parts.push(`<div class="detail">${esc(line)}</div>`);
  if (cell.state !== 'unreachable') parts.push(historyBox(cell, now));
  return `<td class="${classes.join(' ')}" data-cell="${esc(`${cell.environment}/${cell.project}`)}" data-problems="${esc(problems)}">${parts.join('')}</td>`;
}

function summary(report: StatusReport): string {
  const k = report.counts;
  const badge = (n: number, label: string, bad: boolean) => `<span class="${bad && n > 0 ? 'bad' : n > 0 && !bad ? 'ok' : ''}">${n} ${esc(label)}</span>`;
  return [
    badge(k.inSync, `of ${k.cells} in sync`, false),
    badge(k.unhealthy, 'unhealthy', true),
    badge(k.drifted, 'drifted', true),
    badge(k.behind, 'behind', true),
    badge(k.errors, 'unreadable', true),
    badge(k.unreachableEnvironments, 'environments unreachable', true),
  ].join('');
}

function banners(report: StatusReport): string {
  const lines = report.environments.filter((e) => e.error).map((e) => `<div class="banner">${esc(`${e.name}: ${e.error ?? ''}`)}</div>`);
  if (report.renderError) lines.push(`<div class="banner warn">${esc(`behind unknown: ${report.renderError}`)}</div>`);
  return lines.join('');
}

function table(report: StatusReport, now: Date): string {
  const byKey = new Map(report.cells.map((c) => [`${c.environment}/${c.project}`, c]));
  const head = report.environments
    .map(
      (e) =>
        `<th class="${e.error ? 'unreachable' : ''}" title="${esc(e.error ?? `cluster ${e.cluster}`)}">${esc(e.name)}<small>${esc(e.namespace)}${e.error ? ' · unreachable' : ''}</small></th>`,
    )
    .join('');
  const problemsOf = (project: string) => report.cells.filter((c) => c.project === project && c.problems.length > 0).flatMap((c) => c.problems);
  // Problems first, then by name.
  const rows = [...report.projects].sort((a, b) => Number(problemsOf(b).length > 0) - Number(problemsOf(a).length > 0) || a.localeCompare(b));
  const body = rows
    .map((project) => {
      const problems = [...new Set(problemsOf(project))].join(' ');
      const cells = report.environments.map((e) => cellHtml(byKey.get(`${e.name}/${project}`), now)).join('');
      return `<tr data-project="${esc(project)}" data-problems="${esc(problems)}"><td class="project">${esc(project)}</td>${cells}</tr>`;
    })
    .join('\n');
  return `<table id="status"><thead><tr><th>project</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function statusPage(report: StatusReport, options: PageOptions = {}): string {
  const now = new Date(report.generatedAt);
  const head = report.head ? ` · main at ${esc(shortCommit(report.head))}` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>deployment-all status</title>
<style>${PAGE_STYLE}</style>
</head>
<body data-refresh="${options.refreshSeconds ?? 0}">
<header><h1>What is deployed where</h1><span class="meta" id="generated">${esc(report.generatedAt)}${head}</span><span class="counts" id="summary">${summary(report)}</span></header>
<div class="controls"><input id="filter" type="search" placeholder="filter: project, environment, user, commit, problem" aria-label="filter"><label><input id="problems-only" type="checkbox"> problems only</label></div>
<div id="banners">${banners(report)}</div>
<main id="report">${table(report, now)}</main>
<footer>Click a cell for its earlier revisions. Health: rollouts and the last run of each job; drift: live objects changed since the last apply; behind: this checkout renders the project differently.</footer>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
