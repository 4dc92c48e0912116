import { inject } from 'vitest';
import { TEST_ENV_KEYS, type TestEnv } from '../../setup/test-env-schema.js';

/**
 * The servers' addresses and credentials: provided by the global setup, or else read
 * from process.env (`eval "$(scripts/test-env env)"`), so a test file also runs under
 * a config without the global setup. A missing variable throws: never a silent skip.
 */
export function testEnv(): TestEnv {
  const provided = inject('testEnv') as TestEnv | undefined;
  if (provided !== undefined) return provided;
  const entries = TEST_ENV_KEYS.map((key) => {
    const value = process.env[key];
    if (value === undefined || value === '') {
      throw new Error(`${key} is not set: run the integration project, or eval "$(scripts/test-env env)"`);
    }
    return [key, value] as const;
  });
  return Object.fromEntries(entries) as TestEnv;
}
