import { describe, expect, it } from 'vitest';
import type { VolumeVars } from '../schema/project-vars-schema.js';
import { volumeClaims, type ClaimMount } from './volume-claims.js';

const mounts = (...vars: VolumeVars[]): ClaimMount[] => vars.map((v, index) => ({ index, claim: String(v.pvc).replace('$PROJECT_NAME', 'demo'), vars: v }));
const defaults = { project: 'demo', storage: '20Gi', storageClass: 'standard' };

describe('volumeClaims', () => {
  it('creates the project claim from deployment.storage and others from their own storage', () => {
    const { claims, problems } = volumeClaims(
      mounts(
        { pvc: '$PROJECT_NAME-cache', mountPath: '/cache', storage: '10Gi', storage_class: 'fast' },
        { pvc: '$PROJECT_NAME', mountPath: '/data' },
        { pvc: '$PROJECT_NAME-cache', mountPath: '/tmp/cache', subPath: 'tmp' },
        { pvc: 'shared', mountPath: '/shared', existing: true },
      ),
      defaults,
    );
    expect(problems).toEqual([]);
    expect(claims).toEqual([
      { name: 'demo', storage: '20Gi', storageClass: 'standard' },
      { name: 'demo-cache', storage: '10Gi', storageClass: 'fast' },
    ]);
  });

  it('keeps the claim of deployment.storage when nothing mounts it, and omits an unknown class', () => {
    expect(volumeClaims([], { project: 'demo', storage: '1Gi' }).claims).toEqual([{ name: 'demo', storage: '1Gi' }]);
    expect(volumeClaims([], { project: 'demo' }).claims).toEqual([]);
  });

  it('reports a claim that nothing creates, with the volume to write', () => {
    const { claims, problems } = volumeClaims(
      mounts({ pvc: '$PROJECT_NAME', mountPath: '/data' }, { pvc: '$PROJECT_NAME-cache', mountPath: '/cache' }),
      defaults,
    );
    expect(claims).toEqual([{ name: 'demo', storage: '20Gi', storageClass: 'standard' }]);
    expect(problems).toEqual([
      {
        path: [1],
        message:
          'nothing creates claim "demo-cache", so the pod would stay Pending for ever: give the volume a size to create the claim with the project, e.g. {pvc: $PROJECT_NAME-cache, mountPath: /cache, storage: 10Gi}, or declare a claim made outside the project with existing: true',
      },
    ]);
  });

  it('suggests deployment.storage for an unsized claim named after the project', () => {
    const { problems } = volumeClaims(mounts({ pvc: '$PROJECT_NAME', mountPath: '/data' }), { project: 'demo' });
    expect(problems[0]?.message).toContain('storage: 10Gi} (or set deployment.storage)');
  });

  it('refuses to size a claim declared existing', () => {
    const { claims, problems } = volumeClaims(
      mounts({ pvc: 'shared', mountPath: '/a', existing: true }, { pvc: 'shared', mountPath: '/b', storage: '1Gi' }),
      defaults,
    );
    expect(claims.map((c) => c.name)).toEqual(['demo']);
    expect(problems).toEqual([{ path: [1, 'storage'], message: expect.stringContaining('claim "shared" is declared existing: true (volumes[0])') }]);
  });

  it('refuses existing: true on the claim deployment.storage creates', () => {
    const { problems } = volumeClaims(mounts({ pvc: '$PROJECT_NAME', mountPath: '/a', existing: true }), defaults);
    expect(problems).toEqual([{ path: [0, 'existing'], message: expect.stringContaining('is created by deployment.storage, so it is not existing') }]);
  });

  it('refuses two sizes for one claim', () => {
    const twice = volumeClaims(mounts({ pvc: 'c', mountPath: '/a', storage: '1Gi' }, { pvc: 'c', mountPath: '/b', storage: '2Gi' }), defaults);
    expect(twice.problems).toEqual([
      { path: [1, 'storage'], message: 'claim "c" gets storage 1Gi from volumes[0] and 2Gi here; a claim has one storage: write it on one volume only' },
    ]);
    const same = volumeClaims(mounts({ pvc: 'c', mountPath: '/a', storage: '1Gi' }, { pvc: 'c', mountPath: '/b', storage: '1Gi' }), defaults);
    expect(same.problems).toEqual([]);
    expect(same.claims).toContainEqual({ name: 'c', storage: '1Gi', storageClass: 'standard' });
    const withDeployment = volumeClaims(mounts({ pvc: '$PROJECT_NAME', mountPath: '/a', storage: '5Gi' }), defaults);
    expect(withDeployment.problems).toEqual([
      { path: [0, 'storage'], message: expect.stringContaining('is sized by deployment.storage (20Gi) and here (5Gi)') },
    ]);
  });
});
