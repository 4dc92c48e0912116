/**
 * `status` with an environment whose images are pinned to digests (image_registries, the
 * test environment's registry): a project deployed by digest is not "behind" for its pin,
 * nor when its tag moved since (a redeploy keeps the digest, as apply does); a new tag in
 * the checkout is behind; the revision shows the digest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/status/report.js';
import { runDeployCli } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';
import { uniqueName } from './helpers/names.js';
import { pushTestImage, registryRepo } from './helpers/registry.js';

async function statusOf(root: string): Promise<StatusReport> {
  const result = await runDeployCli(root, ['status', '--format', 'json', '--secrets-file', join(root, 'secrets.yml')], [testEnv().OCI_REGISTRY_PASSWORD]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StatusReport;
}

const worker = (report: StatusReport) => report.cells.find((c) => c.project === 'worker');

describe('status with images pinned to digests', () => {
  it('is current for a pinned image, also once its tag moved; behind for a new tag', async () => {
    const namespace = await testNamespace('st-images');
    const repository = uniqueName('status');
    const first = await pushTestImage(repository, 'production');
    const root = registryRepo(namespace, repository);
    // Rolled out first: a Deployment still starting is (rightly) unhealthy.
    const applied = await runDeployCli(root, ['apply', 'it', '--wait', '--timeout', '2m'], [testEnv().OCI_REGISTRY_PASSWORD]);
    expect(applied.code, applied.stderr).toBe(0);

    let cell = worker(await statusOf(root));
    expect(cell?.revision?.images).toEqual([`${testEnv().OCI_REGISTRY}/${repository}:production@${first}`]);
    expect(cell?.behind?.status).toBe('current');
    expect(cell?.problems).toEqual([]);

    await pushTestImage(repository, 'production'); // the tag moves; a redeploy would keep the deployed digest
    expect(worker(await statusOf(root))?.problems).toEqual([]);

    await pushTestImage(repository, 'v2');
    writeFileSync(join(root, 'projects/worker/project-vars.yml.j2'), `deployment:\n  image: ${testEnv().OCI_REGISTRY}/${repository}:v2\n  replicas: 1\n`);
    cell = worker(await statusOf(root));
    expect(cell?.behind?.status).toBe('behind');
    expect(cell?.problems).toEqual(['behind']);
  });
});
