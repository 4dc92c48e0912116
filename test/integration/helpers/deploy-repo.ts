/** A deploy fixture repository bound to a test namespace, and a deploy against the test cluster. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { expect } from 'vitest';
import { connectCluster, type Cluster } from '../../../src/deploy/cluster.js';
import { deploy, type DeployOptions, type DeployResult } from '../../../src/deploy/deploy.js';
import { LocalFileBackend } from '../../../src/secrets/local-file-backend.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { runCli, type CliResult } from '../../helpers/run-cli.js';
import { testEnv } from './env.js';

export const SECRET_VALUE = 's3cr3t-web-token-value';

/** Copies test/fixtures/deploy with the environment's namespace set to `namespace`. */
export function deployRepo(namespace: string, files: Record<string, string | null> = {}, secretsPath = 'it'): string {
  const root = makeRepo('deploy', files);
  const env = join(root, 'inventory/environments/it.yml');
  writeFileSync(
    env,
    `cluster: {name: test-env, server: https://127.0.0.1}\nnamespace: ${namespace}\ndomain: it.example.com\nimage_tag: v1\nsecrets_path: ${secretsPath}\ndeploy_order: 1\n`,
  );
  if (!('secrets.yml' in files)) writeFileSync(join(root, 'secrets.yml'), `WEB_TOKEN: ${SECRET_VALUE}\n`, { mode: 0o600 });
  return root;
}

export function testCluster(options: { retries?: number } = {}): Cluster {
  const config = new k8s.KubeConfig();
  config.loadFromFile(testEnv().KUBECONFIG);
  return connectCluster(config, options);
}

export async function deployTo(root: string, options: Partial<DeployOptions> = {}): Promise<DeployResult> {
  return deploy({
    root,
    backend: new LocalFileBackend(join(root, 'secrets.yml')),
    clusterFor: () => testCluster(),
    ...options,
  });
}

/**
 * Runs the CLI on a fixture repository against the test cluster (`--secrets-file` added
 * to apply and diff), and checks that no secret value (SECRET_VALUE and `secrets`) was
 * printed, in clear or base64.
 */
export async function runDeployCli(root: string, args: string[], secrets: readonly string[] = []): Promise<CliResult> {
  // The CLI reads the kubeconfig the way users have it: $KUBECONFIG.
  process.env.KUBECONFIG = testEnv().KUBECONFIG;
  const withSecrets = ['apply', 'diff'].includes(args[0] ?? '') ? [...args, '--secrets-file', join(root, 'secrets.yml')] : args;
  const result = await runCli(['--root', root, ...withSecrets]);
  const printed = result.stdout + result.stderr;
  for (const value of [SECRET_VALUE, ...secrets]) {
    expect(printed).not.toContain(value);
    expect(printed).not.toContain(Buffer.from(value).toString('base64'));
  }
  return result;
}
