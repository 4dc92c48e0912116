import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets } from './mask.js';

describe('maskSecrets', () => {
  it('replaces every occurrence, longest value first', () => {
    expect(maskSecrets('a xyzw b xyzw', ['xyzw'])).toBe(`a ${MASK} b ${MASK}`);
    expect(maskSecrets('token abc-long and abc', ['abc', 'abc-long'])).toBe(`token ${MASK} and ${MASK}`);
  });

  it('masks a value also as JSON escapes it, and trimmed', () => {
    expect(maskSecrets('{"v":"say \\"hi\\""}', ['say "hi"'])).toBe(`{"v":"${MASK}"}`);
    expect(maskSecrets('value: pa55word', ['pa55word\n'])).toBe(`value: ${MASK}`);
  });

  it('leaves values too short to be secrets alone', () => {
    expect(maskSecrets('a b ab', ['a', 'ab'])).toBe('a b ab');
  });
});
