/** How `deployment-all secrets` prints its report: the expiry table, and with --versions the version table. */
import type { SecretReportRow } from '../secrets/report.js';

/** Columns padded to their widest cell, two spaces apart. */
export function columns(lines: readonly (readonly string[])[]): string {
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  return (
    lines
      .map((l) =>
        l
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** NAME EXPIRES DAYS LEFT STATUS OWNER, and FROM when a date comes from the backend's metadata. */
export function expiryTable(rows: readonly SecretReportRow[]): string {
  const fromBackend = rows.some((r) => r.expiresFrom !== undefined && r.expiresFrom !== 'catalogue');
  const header = ['NAME', 'EXPIRES', 'DAYS LEFT', 'STATUS', 'OWNER', ...(fromBackend ? ['FROM'] : [])];
  return columns([
    header,
    ...rows.map((r) => [
      r.name,
      r.expires ?? '-',
      r.daysLeft === undefined ? '-' : String(r.daysLeft),
      r.status,
      r.owner ?? '-',
      ...(fromBackend ? [r.expiresFrom ?? '-'] : []),
    ]),
  ]);
}

/** SECRET ENVIRONMENT ACTIVE PROJECT DEPLOYED REVISION STATE: one line per deployed project, or per environment where nothing deployed it. */
export function versionTable(rows: readonly SecretReportRow[]): string {
  const lines: string[][] = [['SECRET', 'ENVIRONMENT', 'ACTIVE', 'PROJECT', 'DEPLOYED', 'REVISION', 'STATE']];
  for (const row of rows) {
    for (const env of row.environments ?? []) {
      const active = env.active ?? 'missing';
      if (env.deployed.length === 0) lines.push([row.name, env.environment, active, '-', '-', '-', 'not deployed']);
      for (const d of env.deployed) lines.push([row.name, env.environment, active, d.project, d.version, String(d.revision), d.stale ? 'stale' : 'current']);
    }
  }
  return columns(lines);
}

/** One warning per project running a version that is not the active one, saying what to do. */
export function staleWarnings(rows: readonly SecretReportRow[]): string[] {
  return rows.flatMap((row) =>
    (row.environments ?? []).flatMap((env) =>
      env.deployed
        .filter((d) => d.stale)
        .map((d) =>
          env.active === undefined
            ? `warning: ${env.environment}/${d.project} runs version ${d.version} of ${row.name}, which the secrets backend no longer has; store it again, then apply ${env.environment}/${d.project}`
            : `warning: ${env.environment}/${d.project} runs version ${d.version} of ${row.name}, the active one is ${env.active}; apply ${env.environment}/${d.project} to deploy it`,
        ),
    ),
  );
}
