import { describe, expect, it } from 'vitest';
import { ownedObjectValues, ownedValues } from './owned-values.js';

const deployment = {
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', theirs: 'x' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'a',
            env: [
              { name: 'GREETING', value: 'hello' },
              { name: 'OTHER', value: 'x' },
            ],
          },
        ],
      },
    },
  },
};
const fields = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:template': {
      'f:spec': {
        'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:env': { 'k:{"name":"GREETING"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } },
      },
    },
  },
};

describe('ownedValues', () => {
  it('takes exactly the values at the owned paths, list elements by key', () => {
    expect(ownedValues(fields, deployment)).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': 'web' } },
      'f:spec': {
        'f:replicas': 2,
        'f:template': {
          'f:spec': {
            'f:containers': { 'k:{"name":"web"}': { 'f:image': 'a', 'f:env': { 'k:{"name":"GREETING"}': { 'f:name': 'GREETING', 'f:value': 'hello' } } } },
          },
        },
      },
    });
  });

  it('changes with an owned value, not with anything else', () => {
    const base = JSON.stringify(ownedValues(fields, deployment));
    const changed = structuredClone(deployment);
    changed.metadata.labels.theirs = 'y';
    (changed.spec.template.spec.containers[0]?.env[1] as { value: string }).value = 'y';
    expect(JSON.stringify(ownedValues(fields, changed))).toBe(base);
    (changed.spec.template.spec.containers[0]?.env[0] as { value: string }).value = 'bye';
    expect(JSON.stringify(ownedValues(fields, changed))).not.toBe(base);
    const missing = structuredClone(deployment);
    delete (missing.metadata.labels as Record<string, string>).app;
    expect(JSON.stringify(ownedValues(fields, missing))).not.toBe(base);
  });

  it("reads a Secret's stringData where the server keeps it: data", () => {
    const secretFields = { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:stringData': { 'f:TOKEN': {} }, 'f:type': {} };
    const secret = { kind: 'Secret', metadata: { name: 's', labels: { app: 's' } }, type: 'Opaque', data: { TOKEN: Buffer.from('one').toString('base64') } };
    const other = { ...secret, data: { TOKEN: Buffer.from('two').toString('base64') } };
    expect(ownedObjectValues(secretFields, secret)).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': 's' } },
      'f:type': 'Opaque',
      'f:stringData': { 'f:TOKEN': 'b25l' },
    });
    expect(JSON.stringify(ownedObjectValues(secretFields, other))).not.toBe(JSON.stringify(ownedObjectValues(secretFields, secret)));
  });
});
