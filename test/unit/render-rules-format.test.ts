/** `render --format rules`: the Prometheus rule files alone, written or printed per environment. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

describe('render --format rules', () => {
  it('writes only the rule files into the output folder', async () => {
    const root = makeRepo('basic');
    const result = await runCli(['--root', root, 'render', '--format', 'rules', '--out', 'out'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(root, 'out/prod')).sort()).toEqual(['monitoring']);
    expect(readdirSync(join(root, 'out/prod/monitoring/rules')).sort()).toEqual(['api.yml', 'nightly.yml']);
    expect(existsSync(join(root, 'out/prod/api.yaml'))).toBe(false);
  });

  it('--stdout prints one rule file per environment, every project group in it', async () => {
    const root = makeRepo('basic');
    const result = await runCli(['--root', root, 'render', '--stdout', '--format', 'rules']);
    expect(result.code, result.stderr).toBe(0);
    const docs = result.stdout.split(/^---$/m).filter((d) => d.trim() !== '');
    const groups = docs.map((d) => (load(d) as { groups: { name: string }[] }).groups.map((g) => g.name));
    expect(groups).toEqual([['deployment-all/dev/api'], ['deployment-all/prod/api', 'deployment-all/prod/nightly']]);
    expect(result.stdout).not.toContain('kind: Deployment');
  });
});
