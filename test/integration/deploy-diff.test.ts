/** `deployment-all diff` through the CLI against the real API server: changes shown, secrets never. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { deployRepo, deployTo, SECRET_VALUE } from './helpers/deploy-repo.js';
import { testEnv } from './helpers/env.js';
import { testNamespace } from './helpers/kube.js';

beforeAll(() => {
  // The CLI reads the kubeconfig the way users have it: $KUBECONFIG.
  process.env.KUBECONFIG = testEnv().KUBECONFIG;
});

const CHANGED_WEB =
  'secret:\n  - TOKEN: $WEB_TOKEN\ndeployment:\n  image: example.com/web:v2\n  variables:\n    - GREETING\nservices:\n  - port: 8080\n    route: {cki_project_subdomain: web}\n  - port: 8000\n    metrics: true\n';

describe('diff (real API server)', () => {
  it('exits 0 when nothing would change', async () => {
    const namespace = await testNamespace('diff0');
    const root = deployRepo(namespace);
    await deployTo(root);
    const result = await runCli(['--root', root, 'diff', '--secrets-file', join(root, 'secrets.yml')]);
    expect(result.stderr).toContain('0 changes');
    expect(result.code).toBe(0);
  });

  it('shows changed fields, creations and prunes, masks secrets, exits 1', async () => {
    const namespace = await testNamespace('diff1');
    await deployTo(deployRepo(namespace));
    const rotated = 'rotated-token-value-42';
    const root = deployRepo(namespace, { 'projects/web/project-vars.yml.j2': CHANGED_WEB, 'secrets.yml': `WEB_TOKEN: ${rotated}\n` });
    writeFileSync(join(root, 'projects/worker/cm.yml.j2'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\ndata: {a: b}\n');
    const result = await runCli(['--root', root, 'diff', '--secrets-file', join(root, 'secrets.yml')]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(`would change Deployment/${namespace}/web`);
    expect(result.stdout).toMatch(/^-\s+image: example\.com\/web:v1$/m);
    expect(result.stdout).toMatch(/^\+\s+image: example\.com\/web:v2$/m);
    expect(result.stdout).toContain(`would create ConfigMap/${namespace}/extra`);
    expect(result.stdout).toContain(`would prune ConfigMap/${namespace}/web-settings`);
    expect(result.stdout).toContain(`would change Secret/${namespace}/web`);
    expect(result.stdout).toMatch(/^\+\s+WEB_TOKEN: '\*\*\* \(changed\)'$/m);
    expect(result.stdout).not.toContain('managedFields');
    const everything = result.stdout + result.stderr;
    expect(everything).not.toContain(rotated);
    expect(everything).not.toContain(SECRET_VALUE);
    expect(everything).not.toContain(Buffer.from(rotated).toString('base64'));
  });
});
