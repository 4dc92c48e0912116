import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatorSources } from './generate-validators.js';

const dir = join(import.meta.dirname, 'generated');

describe('generated validators', () => {
  it('match the schemas (run `npm run generate` after changing a schema)', () => {
    for (const [file, source] of Object.entries(validatorSources())) {
      const path = join(dir, file);
      if (process.env.UPDATE_GENERATED === '1') writeFileSync(path, source);
      expect(readFileSync(path, 'utf8'), `${file} is stale: run npm run generate`).toBe(source);
    }
  });
});
