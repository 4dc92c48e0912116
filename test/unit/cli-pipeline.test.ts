/** `deployment-all pipeline` through the CLI: targets, DEPLOY_PROJECT/IMAGE_TAG, bad input, deterministic bytes. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { makeRepo, REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const jobsOf = (yaml: string): string[] => Object.keys(parse(yaml) as object).filter((k) => k !== 'stages');

describe('deployment-all pipeline', () => {
  const root = makeRepo('basic');

  it("gives a disabled project no job, and the production job needs only the same project's previous job", async () => {
    const result = await runCli(['--root', root, 'pipeline']);
    expect(result.code, result.stderr).toBe(0);
    expect(jobsOf(result.stdout)).toEqual(['dev/api', 'prod/api', 'prod/nightly']);
    const doc = parse(result.stdout) as Record<string, { needs: string[]; environment: { deployment_tier: string } }>;
    expect(doc['prod/api']?.needs).toEqual(['dev/api']);
    expect(doc['prod/nightly']?.needs).toEqual([]);
    expect(doc['prod/api']?.environment.deployment_tier).toBe('other');
    expect(result.stderr).toMatch(/^3 deploy jobs in 1 child pipeline in \d+ ms\n$/);
  });

  it('gives VM groups deploy jobs like projects: per environment, production needing testing', async () => {
    const result = await runCli(['--root', makeRepo('vm-groups'), 'pipeline']);
    expect(result.code, result.stderr).toBe(0);
    expect(jobsOf(result.stdout)).toEqual(['testing/web-vm', 'production/build-hosts', 'production/web-vm']);
    const doc = parse(result.stdout) as Record<string, { needs: string[]; script: string[]; environment: { name: string } }>;
    expect(doc['production/web-vm']?.needs).toEqual(['testing/web-vm']);
    expect(doc['production/web-vm']?.script).toEqual(['scripts/pipeline/deploy-job production/web-vm']);
    expect(doc['production/build-hosts']?.environment.name).toBe('production/build-hosts');
  });

  it("takes an environment's deployment_tier from the inventory, and refuses one GitLab does not know with file and line", async () => {
    const dev =
      'cluster: {name: dev, server: https://dev.example.com:6443}\nnamespace: team-dev\ndomain: dev.example.com\nimage_tag: latest\nsecrets_path: team/dev\ndeploy_order: 1\n';
    const tiered = makeRepo('basic', { 'inventory/environments/dev.yml': `${dev}deployment_tier: development\n` });
    const result = await runCli(['--root', tiered, 'pipeline']);
    expect(result.code, result.stderr).toBe(0);
    expect((parse(result.stdout) as Record<string, { environment: object }>)['dev/api']?.environment).toEqual({
      name: 'dev/api',
      deployment_tier: 'development',
    });
    const wrong = makeRepo('basic', { 'inventory/environments/dev.yml': `${dev}deployment_tier: prod\n` });
    const refused = await runCli(['--root', wrong, 'pipeline']);
    expect(refused.stderr).toContain(
      'inventory/environments/dev.yml:7: deployment_tier: must be "production" or "staging" or "testing" or "development" or "other"',
    );
    expect(refused.stdout).toBe('');
    expect(refused.code).toBe(1);
  });

  it('prints the same bytes every time', async () => {
    const first = await runCli(['--root', REPOSITORY_ROOT, 'pipeline']);
    const second = await runCli(['--root', REPOSITORY_ROOT, 'pipeline']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    // The bundled repository disables two projects in testing.
    expect(jobsOf(first.stdout)).not.toContain('testing/artifact-cleaner');
    expect(jobsOf(first.stdout)).toContain('production/artifact-cleaner');
  });

  it('limits the pipeline to $DEPLOY_PROJECT and pins its images to $IMAGE_TAG', async () => {
    const result = await runCli(['--root', root, 'pipeline'], { env: { DEPLOY_PROJECT: 'api', IMAGE_TAG: 'v7' } });
    expect(result.code, result.stderr).toBe(0);
    expect(jobsOf(result.stdout)).toEqual(['dev/api', 'prod/api']);
    expect(result.stdout).toContain('    DEPLOY_IMAGES: example.com/api:v7\n');
  });

  it.each([
    ['$DEPLOY_PROJECT', [], { DEPLOY_PROJECT: 'billing' }, 'DEPLOY_PROJECT=billing: unknown project "billing"; known: api, nightly'],
    ['a target', ['prod/billing'], {}, 'target "prod/billing": unknown project "billing"; known: api, nightly'],
    ['a bare target', ['billing'], {}, 'target "billing": unknown project "billing"; known: api, nightly'],
    ['--image', ['--image', 'billing=v1'], {}, '--image billing=v1: unknown project "billing"; known: api, nightly'],
    ['--image without =', ['--image', 'api'], {}, '--image api: must be PROJECT=REF'],
    ['$IMAGE_TAG alone', [], { IMAGE_TAG: 'v1' }, 'IMAGE_TAG is set without DEPLOY_PROJECT'],
  ])('refuses an unknown project or a bad image from %s: exit 2, the known ones listed', async (_name, args, env, message) => {
    const result = await runCli(['--root', root, 'pipeline', ...args], { env });
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('fails on a broken render with the file and line, writing no pipeline', async () => {
    const broken = makeRepo('basic', { 'projects/api/project-vars.yml.j2': 'deployment:\n  image: example.com/api\n  replcias: 2\n' });
    const out = mkdtempSync(join(tmpdir(), 'deployment-all-pipeline-'));
    const result = await runCli(['--root', broken, 'pipeline', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('projects/api/project-vars.yml.j2:3: deployment.replcias');
    expect(readdirSync(out)).toEqual([]);
  });

  it('writes one file per child pipeline under --out, replacing earlier ones, and refuses stdout when several are needed', async () => {
    // 260 more projects enabled in both environments: 523 jobs in all.
    const files = Object.fromEntries(
      Array.from({ length: 260 }, (_, i) => [`projects/p${i}/project-vars.yml.j2`, `deployment:\n  image: example.com/p${i}\n`]),
    );
    const big = makeRepo('basic', files);
    const out = mkdtempSync(join(tmpdir(), 'deployment-all-pipeline-'));
    writeFileSync(join(out, 'deploy-9.yml'), 'stale\n');
    const written = await runCli(['--root', big, 'pipeline', '--out', out]);
    expect(written.code, written.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['deploy-1.yml', 'deploy-2.yml']);
    expect(existsSync(join(out, 'deploy-9.yml'))).toBe(false);
    const printed = await runCli(['--root', big, 'pipeline']);
    expect(printed.stderr).toContain('523 deploy jobs need 2 child pipelines (GitLab runs at most 500 jobs in one): use --out DIR');
    expect(printed.code).toBe(2);
  });
});
