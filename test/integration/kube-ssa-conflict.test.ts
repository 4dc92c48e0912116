import { PatchStrategy, type V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { apiStatus, kubeClients, testNamespace } from './helpers/kube.js';

function configMap(namespace: string, value: string): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', namespace }, data: { key: value } };
}

describe('server-side apply', () => {
  it('reports a conflict (409) when a second field manager changes an owned field', async () => {
    const namespace = await testNamespace('ssa');
    const { objects } = kubeClients();
    const apply = (value: string, manager: string, force: boolean): Promise<V1ConfigMap> =>
      objects.patch(configMap(namespace, value), undefined, undefined, manager, force, PatchStrategy.ServerSideApply);

    await apply('from-a', 'manager-a', false);
    const error: unknown = await apply('from-b', 'manager-b', false).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(apiStatus(error)).toBe(409);
    expect(String((error as Error).message)).toContain('manager-a');

    // Forcing takes the field over: the conflict was about ownership, not validity.
    const forced = await apply('from-b', 'manager-b', true);
    expect(forced.data?.key).toBe('from-b');
    const owners = forced.metadata?.managedFields?.map((f) => f.manager);
    expect(owners).toContain('manager-b');
  });
});
