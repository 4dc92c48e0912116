/** to_yaml output parses back to the same data, whatever the strings contain. */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { tojson, toYaml } from './filters-serialize.js';
import { Undefined } from './undefined.js';

describe('to_yaml', () => {
  it.each([
    ['multi-line strings', { script: 'set -e\necho "hi"\n', trailing: 'no newline\nat end', blank: 'a\n\n\nb\n' }],
    ['strings that look like other types', { a: 'yes', b: 'No', c: 'on', d: '123', e: '0x1F', f: '1e3', g: 'null', h: '', i: '~', j: '2024-01-01' }],
    ['punctuation and spaces', { a: ' x', b: 'x ', c: 'a: b', d: '- item', e: '{x}', f: '[1]', g: "it's", h: '"q"', i: '#c', j: '@at', k: '*star', l: '&amp' }],
    ['nested lists and maps', { l: [[1, [2]], { a: [] }, {}], m: { 'app.kubernetes.io/name': 'x', n: null, t: true } }],
  ])('round-trips %s', (_name, data) => {
    expect(yaml.load(toYaml(data))).toEqual(data);
  });

  it('keeps insertion order, block style and long lines unwrapped', () => {
    const long = 'x'.repeat(300);
    expect(toYaml({ z: 1, a: { b: [1, 2] }, long })).toBe(`z: 1\na:\n  b:\n  - 1\n  - 2\nlong: ${long}\n`);
  });

  it('takes an indent argument', () => {
    expect(toYaml({ a: { b: 1 } }, 4)).toBe('a:\n    b: 1\n');
    expect(toYaml({ a: { b: 1 } }, { indent: 3, __keywords: true })).toBe('a:\n   b: 1\n');
  });

  it('drops keys holding undefined, like tojson, and fails on an Undefined value', () => {
    expect(toYaml({ a: 1, unset: undefined, nested: { b: undefined, c: [1] } })).toBe('a: 1\nnested:\n  c:\n  - 1\n');
    expect(tojson({ a: 1, unset: undefined })).toBe('{"a": 1}');
    expect(() => toYaml({ a: new Undefined("'x' is undefined") })).toThrow("'x' is undefined");
  });
});
