/**
 * promtool and amtool (Debian's prometheus and prometheus-alertmanager packages, which
 * scripts/test-env installs): run with their output captured. A missing tool throws,
 * so the tests that need it fail instead of skipping.
 */
import { spawnSync } from 'node:child_process';

export interface ToolResult {
  code: number;
  output: string;
}

export function runTool(tool: 'promtool' | 'amtool', args: string[], cwd?: string): ToolResult {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8' });
  if (result.error) {
    const pkg = tool === 'promtool' ? 'prometheus' : 'prometheus-alertmanager';
    throw new Error(`${tool} cannot be run (${result.error.message}): scripts/test-env up installs it (Debian package ${pkg})`);
  }
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}
