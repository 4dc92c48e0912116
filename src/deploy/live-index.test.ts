import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { FIELD_MANAGER, type Cluster } from './cluster.js';
import { buildLiveIndex, idKey, ownedFieldsFingerprint } from './live-index.js';

const FIELDS = { 'f:stringData': { 'f:TOKEN': {} } };

function secret(uid: string, token: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web', namespace: 'cki', uid, managedFields: [{ manager: FIELD_MANAGER, operation: 'Apply', fieldsV1: FIELDS }] },
    data: { TOKEN: Buffer.from(token).toString('base64') },
  };
}

describe('owned-fields fingerprint', () => {
  it("keys a Secret's fingerprint with its uid, so the stored value cannot be tested against guessed secrets", () => {
    const a = ownedFieldsFingerprint(secret('uid-1', 'hunter2'));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(ownedFieldsFingerprint(secret('uid-1', 'hunter2'))).toBe(a);
    expect(ownedFieldsFingerprint(secret('uid-1', 'hunter3'))).not.toBe(a);
    expect(ownedFieldsFingerprint(secret('uid-2', 'hunter2'))).not.toBe(a);
    // What someone who reads only the inventory ConfigMap could compute for a guess:
    const values = { 'f:stringData': { 'f:TOKEN': Buffer.from('hunter2').toString('base64') } };
    const guess = createHash('sha256').update(JSON.stringify(FIELDS)).update('\u0000').update(JSON.stringify(values)).digest('hex').slice(0, 16);
    expect(a).not.toBe(guess);
  });
});

describe('buildLiveIndex with recorded versions', () => {
  /** A namespace of ConfigMaps (listed as metadata alone) and one Deployment (listed whole), counting requests. */
  function fakeCluster(versions: Record<string, string>): { cluster: Cluster; calls: string[]; remove: (name: string) => void } {
    const calls: string[] = [];
    const live = new Map(Object.entries(versions));
    const object = (kind: string, name: string, full: boolean): K8sObject => ({
      apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
      kind,
      metadata: {
        name,
        namespace: 'ns',
        resourceVersion: live.get(name) as string,
        managedFields: [{ manager: FIELD_MANAGER, operation: 'Apply', fieldsV1: { 'f:data': { 'f:k': {} } } }],
      },
      ...(full ? { data: { k: `value of ${name}` } } : {}),
    });
    const names = (kind: string): string[] => [...live.keys()].filter((n) => (kind === 'Deployment') === n.startsWith('deploy'));
    const cluster: Cluster = {
      requests: 0,
      close: () => undefined,
      apply: async () => {
        throw new Error('not used');
      },
      delete: async () => false,
      async get(id) {
        calls.push(`get ${id.name}`);
        return live.has(id.name) ? object(id.kind, id.name, true) : undefined;
      },
      async list(_apiVersion, kind, _namespace, _selector, options) {
        calls.push(`list ${kind}${options?.metadataOnly ? ' metadata' : ''}`);
        return names(kind).map((name) => object(kind, name, !options?.metadataOnly));
      },
    };
    return { cluster, calls, remove: (name) => live.delete(name) };
  }
  const key = (name: string): string =>
    idKey({ apiVersion: name.startsWith('deploy') ? 'apps/v1' : 'v1', kind: name.startsWith('deploy') ? 'Deployment' : 'ConfigMap', namespace: 'ns', name });
  const KINDS = ['v1|ConfigMap', 'apps/v1|Deployment'];

  it('reads no ConfigMap whole when every one still has the version of our apply', async () => {
    const { cluster, calls } = fakeCluster({ a: '1', b: '2', deploy: '9' });
    const index = await buildLiveIndex(
      cluster,
      'ns',
      KINDS,
      undefined,
      new Map([
        [key('a'), '1'],
        [key('b'), '2'],
        [key('deploy'), '3'],
      ]),
    );
    expect(calls.sort()).toEqual(['list ConfigMap metadata', 'list Deployment']);
    expect(index.get(key('a'))?.resourceVersion).toBe('1');
    // Read as metadata alone: a fingerprint it cannot have equals none (counted as changed if ever compared).
    expect(index.get(key('a'))?.fields).toBe('metadata only');
    expect(index.get(key('deploy'))?.fields).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads a few written ConfigMaps one by one, many with a list; a deleted one is not live', async () => {
    const few = fakeCluster({ a: '5', b: '2', c: '3' });
    few.remove('c');
    const recorded = new Map([
      [key('a'), '1'],
      [key('b'), '2'],
      [key('c'), '1'],
    ]);
    const listed = await few.cluster.list('v1', 'ConfigMap', 'ns', '', { metadataOnly: true });
    expect(listed.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    const index = await buildLiveIndex(few.cluster, 'ns', ['v1|ConfigMap'], undefined, recorded);
    expect(few.calls).toContain('get a');
    expect(index.get(key('a'))?.fields).toMatch(/^[0-9a-f]{16}$/);
    expect(index.has(key('b'))).toBe(true);
    expect(index.has(key('c'))).toBe(false);

    const versions = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [n, '7']));
    const many = fakeCluster(versions);
    const old = new Map(['a', 'b', 'c', 'd', 'e'].map((n) => [key(n), '1']));
    const all = await buildLiveIndex(many.cluster, 'ns', ['v1|ConfigMap'], undefined, old);
    expect(many.calls).toEqual(['list ConfigMap metadata', 'list ConfigMap']);
    expect([...all.values()].every((o) => /^[0-9a-f]{16}$/.test(o.fields ?? ''))).toBe(true);
  });
});
