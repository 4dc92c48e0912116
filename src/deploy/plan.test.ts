import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { PRUNE_ANNOTATION } from './annotations.js';
import type { StoredInventory } from './inventory-store.js';
import { idKey, type LiveIndex } from './live-index.js';
import { planProject } from './plan.js';

const ours = { 'deployment-all.io/project': 'web', 'app.kubernetes.io/managed-by': 'deployment-all' };
const cm = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } });
const id = (kind: string, name: string, apiVersion = 'v1') => ({ apiVersion, kind, name, namespace: 'ns' });

function setup(storedIds: ReturnType<typeof id>[], liveExtra: Record<string, Partial<{ labels: Record<string, string>; annotations: Record<string, string> }>> = {}) {
  const stored: StoredInventory = { project: 'web', environment: 'e', hash: 'h', objects: storedIds.map((i) => ({ ...i, fields: 'f' })), pending: [], revisions: [] };
  const live: LiveIndex = new Map(storedIds.map((i) => [idKey(i), { fields: 'f', labels: ours, annotations: {}, ...(liveExtra[i.name] ?? {}) }]));
  return { stored, live };
}

describe('planProject', () => {
  it('is a no-op when the hash matches and nothing drifted', () => {
    const { stored, live } = setup([id('ConfigMap', 'a')]);
    expect(planProject('web', [cm('a')], 'h', stored, live)).toMatchObject({ noop: true, prune: [] });
    expect(planProject('web', [cm('a')], 'h2', stored, live)).toMatchObject({ noop: false, reason: 'changed' });
    live.set(idKey(id('ConfigMap', 'a')), { fields: 'other', labels: ours, annotations: {} });
    expect(planProject('web', [cm('a')], 'h', stored, live).reason).toContain('was changed by someone else');
  });

  it('prunes only stored objects still labelled as ours', () => {
    const { stored, live } = setup([id('ConfigMap', 'a'), id('ConfigMap', 'b'), id('ConfigMap', 'c'), id('ConfigMap', 'gone')], { c: { labels: {} } });
    live.delete(idKey(id('ConfigMap', 'gone')));
    const plan = planProject('web', [cm('a')], 'h2', stored, live);
    expect(plan.prune.map((p) => p.ref)).toEqual(['ConfigMap/ns/b']);
    expect(plan.kept).toEqual([{ ref: 'ConfigMap/ns/c', reason: 'no longer carries our labels' }]);
    expect(plan.pruneBlocked).toBeUndefined();
  });

  it('protects volume claims, namespaces and CRDs unless annotated', () => {
    const { stored, live } = setup([id('PersistentVolumeClaim', 'data'), id('Namespace', 'space'), id('PersistentVolumeClaim', 'scratch'), id('ConfigMap', 'a'), id('ConfigMap', 'b'), id('ConfigMap', 'c'), id('ConfigMap', 'd')], {
      scratch: { annotations: { [PRUNE_ANNOTATION]: 'true' } },
    });
    const plan = planProject('web', [cm('a'), cm('b'), cm('c'), cm('d')], 'h2', stored, live);
    expect(plan.prune.map((p) => p.ref)).toEqual(['PersistentVolumeClaim/ns/scratch']);
    expect(plan.kept.map((k) => k.ref)).toEqual(['PersistentVolumeClaim/ns/data', 'Namespace/ns/space']);
  });

  it('refuses an empty render and a mass deletion unless allowed', () => {
    const { stored, live } = setup([id('ConfigMap', 'a'), id('ConfigMap', 'b'), id('ConfigMap', 'c')]);
    expect(planProject('web', [], 'h2', stored, live).pruneBlocked).toContain('the render is empty');
    expect(planProject('web', [cm('a')], 'h2', stored, live).pruneBlocked).toContain('refusing to delete 2 of 3 objects');
    expect(planProject('web', [cm('a')], 'h2', stored, live, { allowMassPrune: true }).pruneBlocked).toBeUndefined();
    expect(planProject('web', [cm('a'), cm('b')], 'h2', stored, live).pruneBlocked).toBeUndefined();
  });

  it('prunes pending objects of an interrupted run too', () => {
    const { stored, live } = setup([id('ConfigMap', 'a'), id('ConfigMap', 'b'), id('ConfigMap', 'c')]);
    stored.pending = [id('ConfigMap', 'x')];
    live.set(idKey(id('ConfigMap', 'x')), { labels: ours, annotations: {} });
    const plan = planProject('web', [cm('a'), cm('b'), cm('c')], 'h', stored, live);
    expect(plan.noop).toBe(false);
    expect(plan.prune.map((p) => p.ref)).toEqual(['ConfigMap/ns/x']);
  });
});
