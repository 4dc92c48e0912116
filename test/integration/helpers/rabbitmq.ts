import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';
import { ownBroker, useBroker } from './broker-lock.js';
import { testEnv } from './env.js';
import { uniqueName } from './names.js';

const script = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/test-env');
const execFileAsync = promisify(execFile);

/**
 * Runs `scripts/test-env ARGS` (e.g. `restart rabbitmq`, `rabbitmqctl ...`). A broker
 * restart first takes the broker exclusively (see broker-lock.ts) for the rest of the test.
 */
export async function testEnvCommand(...args: string[]): Promise<string> {
  if (args[0] === 'restart' && args[1] === 'rabbitmq') await ownBroker();
  const { stdout } = await execFileAsync(script, args, { timeout: 180_000 });
  return stdout;
}

/** The AMQP URL of the test broker, for a vhost ('/' by default). */
export function amqpUrl(vhost = '/'): string {
  const env = testEnv();
  const user = encodeURIComponent(env.RABBITMQ_USER);
  const password = encodeURIComponent(env.RABBITMQ_PASSWORD);
  return `amqp://${user}:${password}@${env.RABBITMQ_HOST}:${env.RABBITMQ_PORT}/${encodeURIComponent(vhost)}`;
}

/**
 * A vhost of this test's own (the broker has no management API here, so through
 * rabbitmqctl), granted to the test user and deleted when the test finishes. The test
 * holds the broker shared meanwhile, so no other test restarts it under this one.
 */
export async function testVhost(prefix = 'it'): Promise<string> {
  await useBroker();
  const vhost = uniqueName(prefix);
  await testEnvCommand('rabbitmqctl', 'add_vhost', vhost);
  await testEnvCommand('rabbitmqctl', 'set_permissions', '-p', vhost, testEnv().RABBITMQ_USER, '.*', '.*', '.*');
  onTestFinished(async () => {
    await testEnvCommand('rabbitmqctl', 'delete_vhost', vhost);
  });
  return vhost;
}
