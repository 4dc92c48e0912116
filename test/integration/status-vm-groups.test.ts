/**
 * `status` on a repository of VM groups and a Kubernetes project: a VM group's cell is read
 * from its hosts (its revisions are recorded there, not in an inventory ConfigMap), never
 * passing for a project removed from the repository; hosts that cannot be reached make
 * its cell an error naming them; the Kubernetes project has its cells.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/status/report.js';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';

describe('status and VM groups', () => {
  it("shows a VM group's cell from its hosts, and the cells of a Kubernetes project", async () => {
    const namespace = await testNamespace('st-vm');
    const root = makeRepo('vm-groups', { 'projects/web/project-vars.yml.j2': 'deployment:\n  image: example.com/web\n' });
    for (const environment of ['testing', 'production']) {
      const file = join(root, `inventory/environments/${environment}.yml`);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^namespace: .*$/m, `namespace: ${namespace}`));
    }
    writeFileSync(join(root, 'secrets.yml'), 'UNUSED: x\n', { mode: 0o600 });
    process.env.KUBECONFIG = testEnv().KUBECONFIG;
    const result = await runCli(['--root', root, 'status', '--format', 'json', '--secrets-file', join(root, 'secrets.yml')]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StatusReport;
    expect(report.cells.map((c) => `${c.environment}/${c.project}: ${c.state}`).sort()).toEqual([
      'production/build-hosts: error',
      'production/web-vm: error',
      'production/web: not-deployed',
      // environments: {testing: false}
      'testing/build-hosts: disabled',
      'testing/web-vm: error',
      'testing/web: not-deployed',
    ]);
    // The fixture's hosts do not exist: each is named with why it could not be read.
    const webVm = report.cells.find((c) => c.environment === 'production' && c.project === 'web-vm');
    expect(webVm?.error).toMatch(/^host web-1\.example\.com: unreachable: .*; host web-2\.example\.com: unreachable: /);
    expect(report.cells.find((c) => c.environment === 'testing' && c.project === 'web-vm')?.error).toMatch(/^host lab-1: /);
  });
});
