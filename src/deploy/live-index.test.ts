import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { FIELD_MANAGER } from './cluster.js';
import { ownedFieldsFingerprint } from './live-index.js';

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
