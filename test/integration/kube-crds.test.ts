import { describe, expect, it } from 'vitest';
import { apiStatus, kubeClients, testNamespace } from './helpers/kube.js';

describe('CRDs our templates need', () => {
  it('accepts an OpenShift Route and reads it back', async () => {
    const namespace = await testNamespace('route');
    const { objects } = kubeClients();
    const route = {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'web', namespace },
      spec: {
        host: 'web.apps.example.test',
        to: { kind: 'Service', name: 'web', weight: 100 },
        port: { targetPort: 'http' },
        tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
      },
    };
    await objects.create(route);
    const stored = await objects.read({ apiVersion: route.apiVersion, kind: route.kind, metadata: { name: 'web', namespace } });
    expect(stored).toMatchObject({ spec: route.spec });
  });

  it('rejects a Route that breaks the schema, so the CRD is really validating', async () => {
    const namespace = await testNamespace('route-bad');
    const { objects } = kubeClients();
    const invalid = {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'broken', namespace },
      spec: { host: 'x.example.test', tls: { termination: 'sideways' } },
    };
    const error: unknown = await objects.create(invalid).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(apiStatus(error)).toBe(422);
  });

  it('accepts a prometheus-operator ServiceMonitor and reads it back', async () => {
    const namespace = await testNamespace('smon');
    const { objects } = kubeClients();
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'web', namespace },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    };
    await objects.create(monitor);
    const stored = await objects.read({ apiVersion: monitor.apiVersion, kind: monitor.kind, metadata: { name: 'web', namespace } });
    expect(stored).toMatchObject({ spec: monitor.spec });
  });
});
