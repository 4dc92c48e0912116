/** A report as text in one of the output formats, every known secret value masked (a last line of defence: none should be in it). */
import type { Painter } from '../cli/output.js';
import { maskSecrets } from '../lib/mask.js';
import { formatTable } from './format-table.js';
import { statusPage } from './page/status-page.js';
import type { StatusReport } from './report.js';

export function renderReport(report: StatusReport, format: 'table' | 'json' | 'html', secretValues: readonly string[], paint: Painter): string {
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'html' ? statusPage(report) : formatTable(report, paint);
  return maskSecrets(text, secretValues);
}
