/**
 * The status page in a real browser: headless Chromium (Debian's package) driven by
 * playwright-core opens the page served by `status --serve` and the static file of
 * `status --format html`, for the bundled repository deployed with its three problems
 * (status-scene.ts): one row per project, one column per environment in deploy order,
 * the three problem cells marked and their rows first, the filter box filters, a link
 * goes to the recorded pipeline URL, a click shows a cell's history, nothing is loaded
 * from anywhere else, no secret value is on the page. A screenshot is taken
 * (UPDATE_SCREENSHOT=1 writes it to docs/status-page.png for the README).
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectStatus } from '../../src/status/collect.js';
import type { StatusReport } from '../../src/status/report.js';
import { startStatusServer, type StatusServer } from '../../src/status/serve.js';
import { LocalFileBackend } from '../../src/secrets/local-file-backend.js';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { launchChromium } from './helpers/browser.js';
import { deployStatusScene, ENVIRONMENTS, PIPELINE_A, PIPELINE_B, type StatusScene } from './helpers/status-scene.js';

const PROBLEMS = ['testing/pod-watcher', 'staging/micro-service', 'production/webhook-receiver'];

describe('the status page in Chromium', () => {
  let scene: StatusScene;
  let server: StatusServer;
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    scene = await deployStatusScene();
    server = await startStatusServer(() => collectStatus({ root: scene.root, backend: new LocalFileBackend(scene.secrets.file), env: {} }), {
      port: 0,
      host: '127.0.0.1',
      intervalMs: 600_000,
    });
    file = join(mkdtempSync(join(tmpdir(), 'status-page-')), 'status.html');
    const written = await scene.status(['--format', 'html', '--out', file]);
    expect(written.code, written.stderr).toBe(0);
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await scene?.cleanup();
  });

  /** Opens `url`, recording every URL the page asks for. */
  async function open(url: string): Promise<{ page: Page; requested: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(url);
    return { page, requested };
  }

  const visibleRows = (page: Page) => page.locator('#status tbody tr:not(.hidden)').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.project));

  for (const kind of ['served', 'static file'] as const) {
    it(`${kind}: one row per project, environments in deploy order, the three problems marked and first`, async () => {
      const url = kind === 'served' ? `http://127.0.0.1:${server.port}/` : pathToFileURL(file).href;
      const { page, requested } = await open(url);
      const projects = [...new Set([...scene.rendered.values()].flat())].sort();
      const heads = await page.locator('#status thead th').evaluateAll((ths) => ths.map((th) => th.firstChild?.textContent ?? ''));
      expect(heads).toEqual(['project', ...ENVIRONMENTS]);
      const rows = await visibleRows(page);
      expect([...rows].sort()).toEqual(projects);
      // Rows with a problem come first.
      expect(new Set(rows.slice(0, 3))).toEqual(new Set(['pod-watcher', 'micro-service', 'webhook-receiver']));
      const marked = await page.locator('td.problem').evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.cell));
      expect([...marked].sort()).toEqual([...PROBLEMS].sort());
      expect(await page.locator('td[data-cell="testing/pod-watcher"] .verdict').textContent()).toBe('drifted');
      expect(await page.locator('td[data-cell="staging/micro-service"] .verdict').textContent()).toBe('behind 1');
      expect(await page.locator('td[data-cell="production/webhook-receiver"] .verdict').textContent()).toBe('unhealthy');
      // Marked means highlighted: the problem cells' background differs from the others'.
      const background = (cell: string) => page.locator(`td[data-cell="${cell}"]`).evaluate((td) => getComputedStyle(td).backgroundColor);
      expect(await background('testing/pod-watcher')).toBe('rgb(254, 228, 226)');
      expect(await background('testing/webhook-receiver')).toBe('rgba(0, 0, 0, 0)');
      // Columns left to right in deploy order.
      const xs = await Promise.all(ENVIRONMENTS.map(async (e) => (await page.locator(`td[data-cell="${e}/log-archiver"]`).boundingBox())?.x ?? -1));
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      // Nothing but the page itself was loaded: no external asset.
      expect(requested).toEqual([url]);
      const html = await page.content();
      for (const value of scene.secrets.values) expect(html).not.toContain(value);
      await page.close();
    });

    it(`${kind}: the filter box filters, a click shows the history, a link goes to the recorded pipeline`, async () => {
      const url = kind === 'served' ? `http://127.0.0.1:${server.port}/` : pathToFileURL(file).href;
      const { page } = await open(url);
      await page.locator('#filter').fill('micro');
      expect(await visibleRows(page)).toEqual(['micro-service']);
      await page.locator('#filter').fill('drifted');
      expect(await visibleRows(page)).toEqual(['pod-watcher']);
      await page.locator('#filter').fill('');
      await page.locator('#problems-only').check();
      expect([...(await visibleRows(page))].sort()).toEqual(['micro-service', 'pod-watcher', 'webhook-receiver']);
      await page.locator('#problems-only').uncheck();
      expect((await visibleRows(page)).length).toBeGreaterThan(3);

      const history = page.locator('td[data-cell="testing/micro-service"] .history');
      expect(await history.isVisible()).toBe(false);
      await page.locator('td[data-cell="testing/micro-service"] .verdict').click();
      expect(await history.isVisible()).toBe(true);
      expect(await history.locator('a.pipeline').getAttribute('href')).toBe(PIPELINE_A);

      if (kind === 'served') {
        const shot = join(mkdtempSync(join(tmpdir(), 'status-shot-')), 'status-page.png');
        await page.screenshot({ path: shot, fullPage: true });
        const png = readFileSync(shot);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1000); // width from the IHDR chunk
        if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(shot, join(REPOSITORY_ROOT, 'docs/status-page.png'));
      }

      const link = page.locator('td[data-cell="testing/webhook-receiver"] a.pipeline');
      expect(await link.getAttribute('href')).toBe(PIPELINE_B);
      await page.route('https://gitlab.example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<p>the pipeline</p>' }));
      await link.click();
      await page.waitForURL(PIPELINE_B);
      expect(await page.locator('p').textContent()).toBe('the pipeline');
      await page.close();
    });
  }

  it('served with a short interval: the open page takes the next report by itself, keeping its filter', async () => {
    const fast = await startStatusServer(() => collectStatus({ root: scene.root, backend: new LocalFileBackend(scene.secrets.file), env: {} }), {
      port: 0,
      host: '127.0.0.1',
      intervalMs: 1000,
    });
    try {
      const { page } = await open(`http://127.0.0.1:${fast.port}/`);
      await page.locator('#filter').fill('pod-watcher');
      const problems = () => page.locator('td[data-cell="testing/pod-watcher"]').getAttribute('data-problems');
      expect(await problems()).toBe('drifted');
      // apply repairs the drift; the page, not reloaded, shows it within a few refreshes.
      const repaired = await runCli(['--root', scene.root, 'apply', 'testing/pod-watcher', '--secrets-file', scene.secrets.file]);
      expect(repaired.code, repaired.stderr).toBe(0);
      await page.waitForFunction(() => document.querySelector('td[data-cell="testing/pod-watcher"]')?.getAttribute('data-problems') === '', undefined, {
        timeout: 60_000,
      });
      expect(await page.locator('#filter').inputValue()).toBe('pod-watcher');
      expect(await visibleRows(page)).toEqual(['pod-watcher']);
      await page.close();
    } finally {
      await fast.close();
    }
  });

  it('served: /status.json, /healthz and /metrics; page loads never reach the API server', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const report = (await (await fetch(`${base}/status.json`)).json()) as StatusReport;
    expect(report.cells.filter((c) => c.problems.length > 0).map((c) => `${c.environment}/${c.project}`)).toEqual(PROBLEMS);
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok\n');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('deployment_all_status_cells{environment="testing",verdict="drifted"} 1');
    expect(metrics).toContain('deployment_all_status_cells{environment="production",verdict="unhealthy"} 1');
    expect(metrics).toContain('deployment_all_status_cells{environment="staging",verdict="behind"} 1');
    expect(metrics).toContain('deployment_all_status_refreshes_total 1');
    expect(metrics).toMatch(new RegExp(`^deployment_all_status_api_requests_total ${report.requests}$`, 'm'));
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
    const page = await (await fetch(`${base}/`)).text();
    for (const text of [page, JSON.stringify(report), metrics]) for (const value of scene.secrets.values) expect(text).not.toContain(value);
    // Every answer so far came from the one refresh made at start.
    expect(server.refreshes).toBe(1);
  });
});
