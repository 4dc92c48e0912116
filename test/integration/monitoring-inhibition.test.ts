/**
 * The rendered inhibition rule in a real Alertmanager (Debian's prometheus-alertmanager,
 * which the test environment installs; amtool cannot test inhibitions): while a
 * project's TargetDown fires, its other alerts are silenced, another project's are not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoringTexts } from '../../src/render/monitoring-files.js';
import { renderRepository } from '../../src/render/render-repository.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { waitFor } from './helpers/wait-for.js';

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let alertmanager: ChildProcess | undefined;
let base = '';
let output = '';

beforeAll(async () => {
  const result = renderRepository({ root: REPOSITORY_ROOT, targets: ['production'] });
  const config = monitoringTexts(result.rendered, result.inventory).get('production/monitoring/alertmanager.yml');
  if (config === undefined) throw new Error('no Alertmanager configuration rendered for production');
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  base = `http://127.0.0.1:${port}/api/v2`;
  alertmanager = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  alertmanager.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  alertmanager.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = new Promise<never>((_, reject) => {
    alertmanager?.once('error', (error) => reject(new Error(`prometheus-alertmanager cannot be run (${error.message}): scripts/test-env up installs it`)));
  });
  await Promise.race([
    started,
    waitFor(async () => ((await fetch(`${base}/status`)).ok ? true : undefined), {
      description: `Alertmanager on port ${port}; its output: ${output}`,
      timeoutMs: 30_000,
    }),
  ]);
});

afterAll(() => {
  alertmanager?.kill('SIGTERM');
});

async function post(labels: Record<string, string>[]): Promise<void> {
  const response = await fetch(`${base}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(labels.map((l) => ({ labels: l, startsAt: new Date().toISOString() }))),
  });
  expect(response.status, await response.text()).toBe(200);
}

const alert = (alertname: string, project: string) => ({ alertname, project, environment: 'production', severity: 'warning', namespace: 'cki' });

describe("a project's TargetDown (real Alertmanager with the rendered configuration)", () => {
  it("silences that project's other alerts, not another project's", async () => {
    await post([alert('TargetDown', 'micro-service'), alert('PodNotReady', 'micro-service'), alert('PodNotReady', 'pod-watcher')]);
    const alerts = await waitFor(
      async () => {
        const list = (await (await fetch(`${base}/alerts`)).json()) as ApiAlert[];
        return list.length === 3 && list.some((a) => a.status.inhibitedBy.length > 0) ? list : undefined;
      },
      { description: 'the three alerts, one inhibited', timeoutMs: 30_000 },
    );
    const state = (name: string, project: string) => alerts.find((a) => a.labels.alertname === name && a.labels.project === project)?.status;
    expect(state('PodNotReady', 'micro-service')?.state).toBe('suppressed');
    expect(state('PodNotReady', 'micro-service')?.inhibitedBy).toHaveLength(1);
    expect(state('TargetDown', 'micro-service')?.state).toBe('active');
    expect(state('PodNotReady', 'pod-watcher')?.state).toBe('active');
  });
});
