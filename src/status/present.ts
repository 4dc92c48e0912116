/** Short texts for people, shared by the terminal table and the page: ages, commits, images, verdicts. */
import type { StatusCell } from './report.js';

/** `45s`, `12m`, `3h`, `5d` since `time`. */
export function ago(time: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(time)) / 1000));
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

export const shortCommit = (commit: string | undefined): string => (commit ? commit.slice(0, 8) : '-');

/** `micro-service:production`, `micro-service@1a2b3c4d` (a digest shortened), `micro-service:v2@1a2b3c4d`. */
export function shortImage(image: string): string {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const digest =
    at < 0
      ? ''
      : `@${image
          .slice(at + 1)
          .replace(/^sha256:/, '')
          .slice(0, 8)}`;
  const slash = named.lastIndexOf('/');
  return `${named.slice(slash + 1)}${digest}`;
}

/** The cell's verdict in a few words: `in sync`, `unhealthy, drifted`, `behind 3`, `not deployed`... */
export function verdictText(cell: StatusCell): string {
  if (cell.state === 'unreachable') return 'unreachable';
  if (cell.state === 'error') return cell.hosts ? 'hosts unreadable' : 'inventory unreadable';
  if (cell.state === 'not-deployed') return 'not deployed';
  if (cell.state === 'disabled') return 'disabled';
  if (cell.problems.length === 0) return cell.state === 'removed' ? 'removed' : 'in sync';
  return cell.problems.map((p) => (p === 'behind' && cell.behind?.commits !== undefined ? `behind ${cell.behind.commits}` : p)).join(', ');
}
