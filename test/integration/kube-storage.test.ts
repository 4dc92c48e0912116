/**
 * The test environment binds volume claims: the default StorageClass of scripts/test-env
 * and kube-controller-manager's host-path provisioner give every claim a volume at once,
 * and deleting the claim frees it again.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiStatus, kubeClients, testNamespace } from './helpers/kube.js';
import { waitFor } from './helpers/wait-for.js';

describe('volume claims in the test environment', () => {
  it('binds a claim without a storage class to a new host-path volume, and deletes it with the claim', async () => {
    const namespace = await testNamespace('storage');
    const { core } = kubeClients();
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } } },
    });

    const claim = await waitFor(
      async () => {
        const c = await core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace });
        return c.status?.phase === 'Bound' ? c : undefined;
      },
      { description: `PersistentVolumeClaim/${namespace}/data to be Bound`, timeoutMs: 60_000 },
    );
    expect(claim.spec?.storageClassName).toBe('standard');
    expect(claim.status?.capacity?.storage).toBe('100Gi');
    const volumeName = claim.spec?.volumeName ?? '';
    const volume = await core.readPersistentVolume({ name: volumeName });
    expect(volume.metadata?.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('kubernetes.io/host-path');
    expect(volume.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    const folder = volume.spec?.hostPath?.path ?? '';
    expect(folder).toMatch(/^\/tmp\/hostpath_pv\/[0-9a-f-]+$/);
    // The controller-manager runs on this machine and made the folder itself.
    expect(existsSync(folder)).toBe(true);

    await core.deleteNamespacedPersistentVolumeClaim({ name: 'data', namespace });
    await waitFor(
      async () => {
        try {
          await core.readPersistentVolume({ name: volumeName });
          return undefined;
        } catch (error) {
          if (apiStatus(error) === 404) return true;
          throw error;
        }
      },
      { description: `PersistentVolume/${volumeName} to be deleted with its claim`, timeoutMs: 60_000 },
    );
    expect(existsSync(folder)).toBe(false);
  });
});
