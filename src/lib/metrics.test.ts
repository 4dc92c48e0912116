import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createRegistry, startMetricsServer } from './metrics.js';

describe('startMetricsServer', () => {
  it('starts nothing unless CKI_METRICS_ENABLED is true', async () => {
    expect(await startMetricsServer({ registry: createRegistry(), env: {} })).toBeUndefined();
  });

  it('serves /metrics, /healthz and /readyz following the readiness checks', async () => {
    const registry = createRegistry();
    new Counter({ name: 'test_things_total', help: 'things', registers: [registry] }).inc(3);
    let brokerUp = false;
    const server = await startMetricsServer({
      registry,
      host: '127.0.0.1',
      env: { CKI_METRICS_ENABLED: 'true', CKI_METRICS_PORT: '0' },
      readiness: { broker: () => brokerUp },
    });
    expect(server).toBeDefined();
    if (server === undefined) return;
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain('test_things_total 3');
      expect(text).toContain('process_resident_memory_bytes');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ broker: false });
      brokerUp = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/nothing`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('rejects a bad port with the variable named', async () => {
    await expect(startMetricsServer({ registry: createRegistry(), env: { CKI_METRICS_ENABLED: '1', CKI_METRICS_PORT: 'http' } })).rejects.toThrow(
      /CKI_METRICS_PORT/,
    );
  });
});
