import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { resourceFinder, type ApiRequest } from './api-request.js';

/** A requester answering discovery documents from `groups` (path -> resources), 404 for the rest. */
function discovery(groups: Map<string, { name: string; kind: string; namespaced: boolean }[]>): { send: (r: ApiRequest) => Promise<unknown>; asked: string[] } {
  const asked: string[] = [];
  const send = async (request: ApiRequest): Promise<unknown> => {
    asked.push(request.path);
    const resources = groups.get(request.path);
    if (!resources) throw new ApiException(404, 'not found', { kind: 'Status', code: 404 }, {});
    return { resources };
  };
  return { send, asked };
}

describe('resourceFinder', () => {
  it('finds the resource of a kind, skipping subresources, reading each discovery document once', async () => {
    const groups = new Map([
      [
        '/apis/apps/v1',
        [
          { name: 'deployments/status', kind: 'Deployment', namespaced: true },
          { name: 'deployments', kind: 'Deployment', namespaced: true },
        ],
      ],
      ['/api/v1', [{ name: 'namespaces', kind: 'Namespace', namespaced: false }]],
    ]);
    const { send, asked } = discovery(groups);
    const find = resourceFinder(send);
    expect(await find('apps/v1', 'Deployment')).toEqual({ groupVersion: '/apis/apps/v1', plural: 'deployments', namespaced: true });
    expect(await find('apps/v1', 'Deployment')).toEqual({ groupVersion: '/apis/apps/v1', plural: 'deployments', namespaced: true });
    expect(await find('v1', 'Namespace')).toEqual({ groupVersion: '/api/v1', plural: 'namespaces', namespaced: false });
    expect(asked).toEqual(['/apis/apps/v1', '/api/v1']);
  });

  it('says a kind the server does not serve is not found, and finds it once its CRD is served', async () => {
    const groups = new Map<string, { name: string; kind: string; namespaced: boolean }[]>();
    const { send } = discovery(groups);
    const find = resourceFinder(send);
    await expect(find('route.openshift.io/v1', 'Route')).rejects.toThrow(
      'kind Route of route.openshift.io/v1 not found on the API server; is its CustomResourceDefinition installed?',
    );
    groups.set('/apis/route.openshift.io/v1', [{ name: 'routes', kind: 'Route', namespaced: true }]);
    expect(await find('route.openshift.io/v1', 'Route')).toEqual({ groupVersion: '/apis/route.openshift.io/v1', plural: 'routes', namespaced: true });
  });

  it('asks again after a failed discovery request', async () => {
    let fail = true;
    const send = async (): Promise<unknown> => {
      if (fail) throw new ApiException(503, 'unavailable', {}, {});
      return { resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true }] };
    };
    const find = resourceFinder(send);
    await expect(find('v1', 'ConfigMap')).rejects.toThrow();
    fail = false;
    expect((await find('v1', 'ConfigMap')).plural).toBe('configmaps');
  });
});
