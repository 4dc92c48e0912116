import { inject } from 'vitest';
import type { TestEnv } from '../../setup/test-env-schema.js';

/** The servers' addresses and credentials, from the global setup. */
export function testEnv(): TestEnv {
  return inject('testEnv');
}
