/**
 * templates/gitlab-ci/ under gitlab-ci-local (shell executor), in throw-away service
 * repositories made here (a Node one and a Python one, including the templates with
 * `include: local`): lint and test with coverage (the job's coverage regex gives the
 * Cobertura report's number), the coverage gate against the default branch's report served
 * by a stand-in of GitLab's API (failing on a drop, on a missing report here or there),
 * buildah pushing the tags the rules say to the test registry, and the trigger of the
 * deployment repository's pipeline carrying DEPLOY_PROJECT and the immutable IMAGE_TAG.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePython } from '../../scripts/reference-python.mjs';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { testEnv } from './helpers/env.js';
import { gitlabApiStandIn, type GitlabApiStandIn } from './helpers/gitlab-api-stand-in.js';
import { gitlabCiLocal, jobCoverage, jobResults } from './helpers/gitlab-ci-local.js';
import { uniqueName } from './helpers/names.js';
import { buildahEnv, registryDigest, registryProxy, registryTags } from './helpers/registry.js';

const TEMPLATES = join(REPOSITORY_ROOT, 'templates/gitlab-ci');
const TRIGGER_TOKEN = 'glptt-ci-templates-test-token-0123456789';
const JOB_TOKEN = 'glcbt-ci-templates-job-token-9876543210';
const MERGE_REQUEST = ['--variable', 'CI_PIPELINE_SOURCE=merge_request_event', '--variable', 'CI_MERGE_REQUEST_IID=7'];

/** A committed git repository (branch main, remote origin .../team/<name>.git) of `files`, including `templates`. */
function serviceRepo(name: string, templates: string[], files: Record<string, string>): string {
  const root = join(mkdtempSync(join(tmpdir(), 'ci-templates-')), name);
  mkdirSync(root);
  for (const template of templates) cpSync(join(TEMPLATES, template), join(root, 'ci', template));
  const all: Record<string, string> = {
    '.gitlab-ci.yml': `include:\n${templates.map((t) => `  - local: ci/${t}\n`).join('')}`,
    '.gitignore': 'node_modules\n.gitlab-ci-local\ncoverage\n__pycache__\n.coverage\n',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=CI test', '-c', 'user.email=ci@example.com', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `https://gitlab.example.com/team/${name}.git`);
  git('add', '-A');
  git('commit', '-qm', 'service');
  return root;
}

/** A Node service: one tested function of two, so that line coverage is below 100%. */
function nodeService(name: string, templates: string[], extra: Record<string, string> = {}): string {
  const root = serviceRepo(name, templates, {
    'package.json': JSON.stringify({ name, private: true, type: 'module', scripts: { lint: 'node --check src/sum.js' } }),
    // gitlab-ci-local copies the repository into .gitlab-ci-local/builds: not tests of ours.
    'vitest.config.js': "export default { test: { exclude: ['**/node_modules/**', '.gitlab-ci-local/**'] } };\n",
    'src/sum.js': 'export function add(a, b) {\n  return a + b;\n}\n\nexport function sub(a, b) {\n  return a - b;\n}\n',
    'src/sum.test.js': "import { expect, it } from 'vitest';\nimport { add } from './sum.js';\n\nit('adds', () => {\n  expect(add(1, 2)).toBe(3);\n});\n",
    ...extra,
  });
  // The service's dependencies (vitest and its v8 coverage): this repository's, pinned alike.
  symlinkSync(join(REPOSITORY_ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** A Cobertura report with this line rate, as the default branch's artifact. */
function cobertura(lineRate: number): string {
  return `<?xml version="1.0" ?>\n<coverage lines-valid="100" lines-covered="${lineRate * 100}" line-rate="${lineRate}" branch-rate="1" version="7" timestamp="1">\n<sources/>\n<packages/>\n</coverage>\n`;
}

/** The number after "line-rate=" of the report's root element, in percent with 2 decimals. */
function reportPercent(file: string): string {
  const rate = /<coverage[^>]* line-rate="([\d.]+)"/.exec(readFileSync(file, 'utf8'))?.[1];
  expect(rate, `${file} has a line-rate`).toBeDefined();
  return (Number(rate) * 100).toFixed(2);
}

describe('templates/gitlab-ci under gitlab-ci-local', () => {
  let api: GitlabApiStandIn;
  beforeAll(async () => {
    api = await gitlabApiStandIn({ project: 'cki/deployment-all', token: TRIGGER_TOKEN, refs: ['main'], jobToken: JOB_TOKEN });
  });
  afterAll(() => api.close());

  /** gitlab-ci-local's environment: the API stand-in for the gate, no install (the dependencies are linked). */
  function run(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    return gitlabCiLocal(
      root,
      [...args, '--variable', `CI_API_V4_URL=${api.url}`, '--variable', `CI_JOB_TOKEN=${JOB_TOKEN}`, '--variable', 'NODE_INSTALL_COMMAND=true'],
      {
        ...process.env,
        GCL_IGNORE_PREDEFINED_VARS: 'CI_PIPELINE_SOURCE',
        ...env,
      },
    );
  }

  it(
    'node.yml: lint, and test whose coverage regex yields the Cobertura report number; the gate passes when coverage did not drop',
    { timeout: 180_000 },
    async () => {
      const name = uniqueName('svc-node');
      const root = nodeService(name, ['node.yml', 'coverage-gate.yml']);
      api.artifacts.set(`main/test/coverage/cobertura-coverage.xml`, cobertura(0.25));
      const result = await run(root, ['lint', 'test', 'coverage-gate', ...MERGE_REQUEST]);
      expect(result.code, result.output).toBe(0);
      expect(jobResults(result.output)).toEqual({ lint: 'PASS', test: 'PASS', 'coverage-gate': 'PASS' });
      // The number GitLab shows (the coverage regex on the log) is the Cobertura report's.
      const report = join(root, '.gitlab-ci-local/artifacts/test/coverage/cobertura-coverage.xml');
      expect(jobCoverage(result.output, 'test')).toBe(Number(reportPercent(report)));
      expect(result.output).toContain('coverage-gate: 50.00% (this merge request) against 25.00% (main): ok');
    },
  );

  it('coverage-gate.yml: a planted drop fails the merge request with both numbers', { timeout: 180_000 }, async () => {
    const root = nodeService(uniqueName('svc-drop'), ['node.yml', 'coverage-gate.yml']);
    api.artifacts.set(`main/test/coverage/cobertura-coverage.xml`, cobertura(0.8));
    const result = await run(root, ['test', 'coverage-gate', ...MERGE_REQUEST]);
    expect(result.code).not.toBe(0);
    expect(jobResults(result.output)).toEqual({ test: 'PASS', 'coverage-gate': 'FAIL' });
    expect(result.output).toContain('coverage-gate: coverage dropped from 80.00% (main) to 50.00% (this merge request), more than the tolerance of 0 points');
  });

  it('coverage-gate.yml: a missing report fails the gate, here or on the default branch, never passes', { timeout: 180_000 }, async () => {
    const root = nodeService(uniqueName('svc-none'), ['node.yml', 'coverage-gate.yml']);
    api.artifacts.set(`main/test/coverage/cobertura-coverage.xml`, cobertura(0.1));
    // The gate alone: no test job ran, so no report reached it.
    const alone = await run(root, ['coverage-gate', ...MERGE_REQUEST]);
    expect(jobResults(alone.output)).toEqual({ 'coverage-gate': 'FAIL' });
    expect(alone.output).toContain(
      'coverage-gate: this pipeline has no coverage report coverage/cobertura-coverage.xml (from the test job); the gate fails without it',
    );

    // The default branch has none (GitLab answers 404).
    const noBaseline = await run(root, ['test', 'coverage-gate', ...MERGE_REQUEST, '--variable', 'COVERAGE_JOB=tests']);
    expect(jobResults(noBaseline.output)).toEqual({ test: 'PASS', 'coverage-gate': 'FAIL' });
    expect(noBaseline.output).toContain('coverage-gate: no coverage report of main to compare 50.00% with: GitLab answered 404');
  });

  it('python.yml: lint, and test under coverage.py whose coverage regex yields the Cobertura report number', { timeout: 180_000 }, async () => {
    const root = serviceRepo(uniqueName('svc-py'), ['python.yml'], {
      'app/__init__.py': '',
      'app/sums.py': 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n',
      'tests/test_sums.py': 'from app.sums import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n',
    });
    // The reference Python of requirements-dev.txt has pytest and coverage.py.
    const bin = dirname(referencePython());
    const result = await run(
      root,
      [
        'lint',
        'test',
        '--variable',
        'PYTHON_INSTALL_COMMAND=true',
        '--variable',
        'PYTHON_LINT_COMMAND=python -m compileall -q app tests',
        '--variable',
        'COVERAGE_RUN_ARGS=--source=app -m pytest -q',
      ],
      { PATH: `${bin}:${process.env.PATH ?? ''}` },
    );
    expect(result.code, result.output).toBe(0);
    expect(jobResults(result.output)).toEqual({ lint: 'PASS', test: 'PASS' });
    const report = join(root, '.gitlab-ci-local/artifacts/test/coverage/cobertura-coverage.xml');
    const percent = Number(reportPercent(report));
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(100);
    // coverage.py rounds the TOTAL line to whole percent.
    expect(jobCoverage(result.output, 'test')).toBe(Math.round(percent));
  });

  describe('image.yml and trigger.yml', () => {
    const namespace = uniqueName('ci-templates');
    const work = mkdtempSync(join(tmpdir(), 'ci-templates-buildah-'));

    /** A service whose builds/<name>.in includes a shared fragment; `fragment` replaces the include's name. */
    function imageService(name: string, fragment = 'base'): string {
      return nodeService(name, ['image.yml', 'trigger.yml'], {
        [`builds/${name}.in`]: `/* The service's image: the shared base, then its sources. */\n#include "${fragment}"\nCOPY src/ /srv/src/\n`,
        'builds/includes/base': "/* base: the team's labels */\nFROM scratch\nLABEL team=cki\n",
      });
    }

    function runImage(root: string, name: string, args: string[], registry = testEnv().OCI_REGISTRY) {
      const { OCI_REGISTRY_USER, OCI_REGISTRY_PASSWORD } = testEnv();
      const variables = {
        IMAGE_NAME: `${registry}/${namespace}/${name}`,
        BUILD_CACHE_REPO: `${registry}/${namespace}/${name}/build-cache`,
        REGISTRY: registry,
        REGISTRY_USER: OCI_REGISTRY_USER,
        REGISTRY_PASSWORD: OCI_REGISTRY_PASSWORD,
        REGISTRY_TLS_VERIFY: 'false',
        DEPLOY_API_URL: api.url,
        DEPLOY_TRIGGER_TOKEN: TRIGGER_TOKEN,
      };
      const flags = Object.entries(variables).flatMap(([key, value]) => ['--variable', `${key}=${value}`]);
      return run(root, [...args, ...flags], buildahEnv(work));
    }

    function expectNoSecret(output: string): void {
      expect(output).not.toContain(testEnv().OCI_REGISTRY_PASSWORD);
      expect(output).not.toContain(TRIGGER_TOKEN);
    }

    /** The tags the job printed as pushed, with their digests. */
    function pushed(output: string, name: string): Record<string, string> {
      const lines = [...output.matchAll(new RegExp(`image: pushed \\S+/${name}:(\\S+)@(sha256:[0-9a-f]{64})`, 'g'))];
      return Object.fromEntries(lines.map((m) => [m[1] ?? '', m[2] ?? '']));
    }

    it(
      'merge request: :p-<id> and :mr-<iid>, no :latest and no trigger; the default branch: :p-<id> and :latest, then the trigger with DEPLOY_PROJECT and IMAGE_TAG=p-<id>',
      { timeout: 300_000 },
      async () => {
        const name = uniqueName('svc-img');
        const root = imageService(name);
        const mr = await runImage(root, name, MERGE_REQUEST);
        expect(mr.code, mr.output).toBe(0);
        expect(jobResults(mr.output)).toEqual({ 'image-build': 'PASS' });
        const mrTags = pushed(mr.output, name);
        const mrPipeline = Object.keys(mrTags).find((tag) => tag.startsWith('p-')) ?? 'none';
        expect(Object.keys(mrTags).sort()).toEqual([mrPipeline, 'mr-7'].sort());
        expect((await registryTags(`${namespace}/${name}`)).sort()).toEqual([mrPipeline, 'mr-7'].sort());
        expectNoSecret(mr.output);

        const main = await runImage(root, name, []);
        expect(main.code, main.output).toBe(0);
        expect(jobResults(main.output)).toEqual({ 'image-build': 'PASS', 'deploy-trigger': 'PASS' });
        const mainTags = pushed(main.output, name);
        const pipeline = Object.keys(mainTags).find((tag) => tag.startsWith('p-')) ?? 'none';
        expect(pipeline).not.toBe(mrPipeline);
        expect(Object.keys(mainTags).sort()).toEqual([pipeline, 'latest'].sort());
        expect((await registryTags(`${namespace}/${name}`)).sort()).toEqual([mrPipeline, 'mr-7', pipeline, 'latest'].sort());
        // The digest printed, kept as the artifact, and served by the registry for both tags.
        const digest = readFileSync(join(root, '.gitlab-ci-local/artifacts/image-build/image.digest'), 'utf8').trim();
        expect(mainTags).toEqual({ [pipeline]: digest, latest: digest });
        expect(await registryDigest(`${namespace}/${name}`, 'latest')).toBe(digest);
        expect(await registryDigest(`${namespace}/${name}`, pipeline)).toBe(digest);
        expect(readFileSync(join(root, '.gitlab-ci-local/artifacts/image-build/image.env'), 'utf8')).toBe(`IMAGE_TAG=${pipeline}\nIMAGE_DIGEST=${digest}\n`);

        // The trigger: GitLab's documented form request, the immutable tag, never :latest.
        const trigger = api.triggers.at(-1);
        expect(trigger?.project).toBe('cki/deployment-all');
        expect(trigger?.contentType).toBe('application/x-www-form-urlencoded');
        expect(trigger?.fields).toEqual({ token: TRIGGER_TOKEN, ref: 'main', 'variables[DEPLOY_PROJECT]': name, 'variables[IMAGE_TAG]': pipeline });
        expect(main.output).toContain('deploy-trigger: GitLab answered 201');
        expect(main.output).toContain('deploy-trigger: started https://gitlab.example.com/cki/deployment-all/-/pipelines/');
        expectNoSecret(main.output);
      },
    );

    it("a push the registry refuses fails the job with the registry's answer, moves no tag and triggers nothing", { timeout: 300_000 }, async () => {
      const name = uniqueName('svc-deny');
      const root = imageService(name);
      const first = await runImage(root, name, []);
      expect(first.code, first.output).toBe(0);
      const before = await registryTags(`${namespace}/${name}`);
      const latest = await registryDigest(`${namespace}/${name}`, 'latest');
      // A new commit, so that a moved :latest would show.
      writeFileSync(join(root, 'src/sum.js'), `${readFileSync(join(root, 'src/sum.js'), 'utf8')}\nexport const version = 2;\n`);
      execFileSync('git', ['-c', 'user.name=CI test', '-c', 'user.email=ci@example.com', 'commit', '-qam', 'v2'], { cwd: root });
      const triggers = api.triggers.length;
      const proxy = await registryProxy();
      try {
        const refused = await runImage(root, name, [], proxy.address);
        expect(refused.code).not.toBe(0);
        expect(jobResults(refused.output)).toEqual({ 'image-build': 'FAIL' });
        expect(refused.output).toContain('requested access to the resource is denied: tags of this repository are frozen');
        expect(proxy.refused).toBeGreaterThan(0);
        expectNoSecret(refused.output);
      } finally {
        await proxy.close();
      }
      expect((await registryTags(`${namespace}/${name}`)).sort()).toEqual(before.sort());
      expect(await registryDigest(`${namespace}/${name}`, 'latest')).toBe(latest);
      expect(api.triggers.length).toBe(triggers);
    });

    it('a Containerfile with a missing include fails the build with the file and line, before anything is pushed', { timeout: 180_000 }, async () => {
      const name = uniqueName('svc-gone');
      const root = imageService(name, 'gone');
      const result = await runImage(root, name, []);
      expect(result.code).not.toBe(0);
      expect(jobResults(result.output)).toEqual({ 'image-build': 'FAIL' });
      // cpp -traditional (buildah's flags) reports the include one line late: line 3 for line 2.
      expect(result.output).toMatch(new RegExp(`builds/${name}\\.in:[23]:\\d+: fatal error: gone: No such file or directory`));
      expect(await registryTags(`${namespace}/${name}`)).toEqual([]);
    });
  });
});
