import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { PRUNE_ANNOTATION } from './annotations.js';
import type { StoredInventory } from './inventory-store.js';
import { idKey, type LiveIndex } from './live-index.js';
import { driftOf, isDriftConflict, namespaceAction, planProject, planRemovals, type DriftedObject } from './plan.js';

const ours = { 'deployment-all.io/project': 'web', 'app.kubernetes.io/managed-by': 'deployment-all' };
const cm = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } });
const id = (kind: string, name: string, apiVersion = 'v1') => ({ apiVersion, kind, name, namespace: 'ns' });

function setup(
  storedIds: ReturnType<typeof id>[],
  liveExtra: Record<string, Partial<{ labels: Record<string, string>; annotations: Record<string, string> }>> = {},
) {
  const stored: StoredInventory = {
    project: 'web',
    environment: 'e',
    hash: 'h',
    objects: storedIds.map((i) => ({ ...i, fields: 'f' })),
    pending: [],
    revisions: [],
  };
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
    const { stored, live } = setup(
      [
        id('PersistentVolumeClaim', 'data'),
        id('Namespace', 'space'),
        id('PersistentVolumeClaim', 'scratch'),
        id('ConfigMap', 'a'),
        id('ConfigMap', 'b'),
        id('ConfigMap', 'c'),
        id('ConfigMap', 'd'),
      ],
      {
        scratch: { annotations: { [PRUNE_ANNOTATION]: 'true' } },
      },
    );
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

  it('retires a removed or disabled project: prunes everything by the usual rules, no mass-prune refusal, forgets it when nothing is left', () => {
    const { stored, live } = setup([id('ConfigMap', 'a'), id('ConfigMap', 'b'), id('ConfigMap', 'c'), id('ConfigMap', 'theirs')], { theirs: { labels: {} } });
    const plan = planProject('web', [], 'h2', stored, live, {}, { why: 'disabled' });
    expect(plan).toMatchObject({ noop: false, retired: 'disabled', reason: 'disabled in this environment', forget: true, keepTracking: [] });
    expect(plan.pruneBlocked).toBeUndefined();
    expect(plan.prune.map((p) => p.ref)).toEqual(['ConfigMap/ns/a', 'ConfigMap/ns/b', 'ConfigMap/ns/c']);
    expect(plan.kept).toEqual([{ ref: 'ConfigMap/ns/theirs', reason: 'no longer carries our labels' }]);
    // Present and enabled but rendering nothing is still refused.
    expect(planProject('web', [], 'h2', stored, live).pruneBlocked).toContain('the render is empty');
  });

  it('keeps tracking the protected objects of a retired project, and is then a no-op that still reports them', () => {
    const { stored, live } = setup([id('PersistentVolumeClaim', 'data'), id('ConfigMap', 'a')]);
    const plan = planProject('web', [], 'h2', stored, live, {}, { why: 'removed' });
    expect(plan).toMatchObject({ forget: false, noop: false, reason: 'removed from the repository' });
    expect(plan.prune.map((p) => p.ref)).toEqual(['ConfigMap/ns/a']);
    expect(plan.keepTracking.map((i) => i.name)).toEqual(['data']);
    const after: StoredInventory = { ...stored, hash: undefined, objects: [id('PersistentVolumeClaim', 'data')] };
    live.delete(idKey(id('ConfigMap', 'a')));
    const again = planProject('web', [], 'h2', after, live, {}, { why: 'removed' });
    expect(again).toMatchObject({ noop: true, forget: false, prune: [] });
    expect(again.kept.map((k) => k.ref)).toEqual(['PersistentVolumeClaim/ns/data']);
    live.delete(idKey(id('PersistentVolumeClaim', 'data')));
    expect(planProject('web', [], 'h2', after, live, {}, { why: 'removed' })).toMatchObject({ noop: false, forget: true });
  });

  it('retires removed projects of an environment selected whole or named, refusing to retire more than half at once', () => {
    const inv = (project: string, hash: string | undefined): [string, StoredInventory] => [
      project,
      { project, environment: 'e', hash, objects: [], pending: [], revisions: [] },
    ];
    const stored = new Map([inv('a', 'h'), inv('b', 'h'), inv('c', 'h'), inv('old', 'h')]);
    expect(planRemovals(stored, new Set(['a', 'b', 'c']), { whole: true, named: [] })).toEqual([{ project: 'old' }]);
    expect(planRemovals(stored, new Set(['a', 'b', 'c']), { whole: false, named: [] })).toEqual([]);
    expect(planRemovals(stored, new Set(['a', 'b', 'c']), { whole: false, named: ['old'] })).toEqual([{ project: 'old' }]);
    const wrongRoot = planRemovals(stored, new Set(['a']), { whole: true, named: [] });
    expect(wrongRoot.map((r) => r.project)).toEqual(['b', 'c', 'old']);
    expect(wrongRoot[0]?.blocked).toContain('refusing to prune 3 of the 4 projects deployed here');
    expect(planRemovals(stored, new Set(['a']), { whole: true, named: [] }, { allowMassPrune: true }).every((r) => !r.blocked)).toBe(true);
    // Named ones are intended; retired ones (no hash, protected objects left) neither count nor are refused.
    expect(planRemovals(stored, new Set(['a']), { whole: true, named: ['b', 'c'] }).every((r) => !r.blocked)).toBe(true);
    const retired = new Map([inv('a', 'h'), inv('b', 'h'), inv('gone1', undefined), inv('gone2', undefined)]);
    expect(planRemovals(retired, new Set(['a', 'b']), { whole: true, named: [] })).toEqual([{ project: 'gone1' }, { project: 'gone2' }]);
  });

  it('decides what a missing namespace means', () => {
    expect(namespaceAction(true, false, true)).toBe('ready');
    expect(namespaceAction(undefined, false, true)).toBe('ready');
    expect(namespaceAction(false, false, true)).toBeUndefined();
    expect(namespaceAction(false, true, true)).toBe('create');
    expect(namespaceAction(false, true, false)).toBe('absent');
  });

  it('takes back fields written imperatively, never fields another manager applied', () => {
    const managed = [
      { manager: 'deployment-all', operation: 'Apply' },
      { manager: 'kubectl-edit', operation: 'Update' },
      { manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale' },
      { manager: 'other-team', operation: 'Apply' },
      { manager: 'both', operation: 'Update' },
      { manager: 'both', operation: 'Apply' },
    ];
    expect(isDriftConflict(['kubectl-edit'], managed)).toBe(true);
    expect(isDriftConflict(['kubectl-edit', 'kube-controller-manager'], managed)).toBe(true);
    expect(isDriftConflict(['other-team'], managed)).toBe(false);
    expect(isDriftConflict(['kubectl-edit', 'other-team'], managed)).toBe(false);
    expect(isDriftConflict(['both'], managed)).toBe(false);
    expect(isDriftConflict(['unknown'], managed)).toBe(false);
    expect(isDriftConflict([], managed)).toBe(false);
  });
});

describe('driftOf', () => {
  const a = id('ConfigMap', 'a');
  const stored: StoredInventory = { project: 'web', environment: 'e', hash: 'h', objects: [{ ...a, fields: 'f1', rv: '100' }], pending: [], revisions: [] };
  const liveWith = (resourceVersion: string, fields: () => string): LiveIndex =>
    new Map([
      [
        idKey(a),
        {
          labels: ours,
          annotations: {},
          resourceVersion,
          get fields() {
            return fields();
          },
        },
      ],
    ]);

  it('takes an object whose resourceVersion is the one our apply left as unchanged, without computing its fingerprint', () => {
    expect(
      driftOf(
        undefined,
        stored,
        liveWith('100', () => {
          throw new Error('fingerprint computed');
        }),
      ),
    ).toEqual([]);
  });

  it('compares fingerprints once the resourceVersion moved: a status update is not drift, a changed field is', () => {
    const drift = (inventory: StoredInventory, rv: string, fields: string): DriftedObject[] =>
      driftOf(
        undefined,
        inventory,
        liveWith(rv, () => fields),
      );
    expect(drift(stored, '101', 'f1')).toEqual([]);
    expect(drift(stored, '102', 'f2')).toEqual([{ ref: 'ConfigMap/ns/a', why: 'changed' }]);
    // An inventory written before resourceVersions were recorded still compares fingerprints.
    const old: StoredInventory = { ...stored, objects: [{ ...a, fields: 'f1' }] };
    expect(drift(old, '100', 'f2')).toEqual([{ ref: 'ConfigMap/ns/a', why: 'changed' }]);
  });
});
