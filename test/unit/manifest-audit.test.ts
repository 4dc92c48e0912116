import { describe, expect, it } from 'vitest';
import { auditManifest, importedPackages, packageOf } from '../../scripts/ci/manifest-audit.mjs';

const bins: Record<string, string[]> = { typescript: ['tsc', 'tsserver'], vitest: ['vitest'], 'gitlab-ci-local': ['gitlab-ci-local'], unrun: ['unrun'] };

function audit(manifest: Parameters<typeof auditManifest>[0]['manifest'], runtime: Record<string, string>, dev: Record<string, string> = {}): string[] {
  return auditManifest({
    manifest,
    runtimeFiles: new Map(Object.entries(runtime)),
    devFiles: new Map(Object.entries(dev)),
    binsOf: (name) => bins[name] ?? [],
  });
}

describe('manifest audit', () => {
  it('finds the packages of every import form, and no builtin or relative one', () => {
    const text = [
      "import { a } from 'alpha';",
      "import {\n  b,\n  c,\n} from '@scope/beta/sub.js';",
      "export { d } from 'gamma';",
      "import 'delta';",
      "const e = await import('epsilon');",
      "const f = require('zeta/x');",
      "const g = createRequire(import.meta.url)('eta');",
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import { h } from './local.js';",
      "// text that mentions from 'nothing' is not an import",
    ].join('\n');
    expect([...importedPackages(text)].sort()).toEqual(['@scope/beta', 'alpha', 'delta', 'epsilon', 'eta', 'gamma', 'zeta']);
    expect(packageOf('@scope/name/deep/file.js')).toBe('@scope/name');
    expect(packageOf('file:///x.js')).toBeUndefined();
  });

  it('names a runtime import listed among devDependencies, with the file and what to do', () => {
    const problems = audit(
      { dependencies: { commander: '1' }, devDependencies: { '@kubernetes/client-node': '1' } },
      { 'dist/cli/main.js': "import { Command } from 'commander';", 'dist/deploy/cluster.js': "import * as k8s from '@kubernetes/client-node';" },
    );
    expect(problems).toEqual([
      'dist/deploy/cluster.js imports @kubernetes/client-node, a devDependency: a production install (npm ci --omit=dev) lacks it; move it to dependencies',
    ]);
  });

  it('names a runtime import that package.json does not list', () => {
    expect(audit({}, { 'deployment-all': "await import('undeclared');" })).toEqual([
      'deployment-all imports undeclared, which package.json does not list; add it to dependencies',
    ]);
  });

  it('names unused dependencies of both kinds; a tool run by a script, types and config imports are uses', () => {
    const problems = audit(
      {
        dependencies: { used: '1', unused: '1' },
        devDependencies: { zx: '1', typescript: '1', vitest: '1', eslint: '1', '@types/used': '1', '@types/gone': '1', '@types/node': '1' },
        scripts: { build: 'tsc -p tsconfig.build.json', test: 'npm run lint && vitest run' },
      },
      { 'dist/a.js': "import 'used';" },
      { 'eslint.config.js': "import eslint from 'eslint';" },
    );
    expect(problems).toEqual([
      'dependencies.unused: the shipped code never imports it; remove it, or move it to devDependencies if only tests or scripts use it',
      'devDependencies.zx: nothing imports it, and no package script or file runs it from node_modules/.bin; remove it',
      'devDependencies.@types/gone: nothing imports it, and no package script or file runs it from node_modules/.bin; remove it',
    ]);
  });

  it('counts a tool a test runs from node_modules/.bin as used, and only that tool', () => {
    const problems = audit(
      { devDependencies: { 'gitlab-ci-local': '1', unrun: '1' } },
      {},
      { 'test/integration/pipeline.test.ts': "const tool = join(ROOT, 'node_modules/.bin/gitlab-ci-local');" },
    );
    expect(problems).toEqual(['devDependencies.unrun: nothing imports it, and no package script or file runs it from node_modules/.bin; remove it']);
  });

  it('counts a vitest coverage provider named by a script or the CI file as used, and only that one', () => {
    const problems = audit(
      { devDependencies: { '@vitest/coverage-v8': '1', '@vitest/coverage-istanbul': '1' } },
      {},
      { '.gitlab-ci.yml': 'script: npx vitest run --coverage.enabled --coverage.provider=v8' },
    );
    expect(problems).toEqual([
      'devDependencies.@vitest/coverage-istanbul: nothing imports it, and no package script or file runs it from node_modules/.bin; remove it',
    ]);
  });

  it('finds nothing when every dependency is in its place', () => {
    expect(
      audit(
        { dependencies: { yaml: '1' }, devDependencies: { zx: '1' } },
        { 'dist/y.js': "const yaml = createRequire(import.meta.url)('yaml');" },
        { 'scripts/ci/check.mjs': "import { $ } from 'zx';" },
      ),
    ).toEqual([]);
  });
});
