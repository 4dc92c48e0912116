/**
 * The deployment-all image for real: this repository's .gitlab-ci.yml `image-build` job (the
 * image.yml template) runs under gitlab-ci-local on a copy of the repository, buildah (vfs,
 * chroot) builds builds/deployment-all.in on a Node.js base made from this machine's files
 * (scripts/ci/node-base-image: nothing is pulled) and pushes :p-<id> and :latest to the
 * test registry. The image then runs `deployment-all diff` and `apply --dry-run` against the
 * test cluster, and the webhook receiver up to its health endpoint: the check that the
 * image can deploy at all. buildah's storage is kept in the test environment's cache, so
 * that a warm run reuses the base and the dependency layer.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { bundledRepoIn, fakeSecrets } from './helpers/bundled-repo.js';
import { testEnv } from './helpers/env.js';
import { gitlabCiLocal, jobResults } from './helpers/gitlab-ci-local.js';
import { testNamespace } from './helpers/kube.js';
import { uniqueName } from './helpers/names.js';
import { buildahEnv, registryDigest, registryTags } from './helpers/registry.js';
import { brokerEnv, ownVhost } from './services/helpers.js';
import { waitFor } from './helpers/wait-for.js';

const CACHE = process.env.TEST_ENV_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'deployment-all-test-env');

/** A committed copy of this working tree (tracked and new files, as git sees them), as CI checks it out. */
function repositoryCopy(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'image-deployment-all-')), 'deployment-all');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    try {
      copyFileSync(join(REPOSITORY_ROOT, file), join(root, file));
    } catch (error) {
      // A file deleted in the working tree but still tracked.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=CI test', '-c', 'user.email=ci@example.com', ...args], { cwd: root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://gitlab.example.com/cki/deployment-all.git');
  git('add', '-A');
  git('commit', '-qm', 'deployment-all');
  return root;
}

/** `buildah run` of the image's container; resolves with the exit code and the output. */
function buildahRun(env: NodeJS.ProcessEnv, container: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('buildah', ['run', ...args.slice(0, args.indexOf('--')), container, ...args.slice(args.indexOf('--'))], {
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the deployment-all image', () => {
  const work = mkdtempSync(join(tmpdir(), 'image-deployment-all-buildah-'));
  const storage = join(CACHE, 'buildah-vfs');
  mkdirSync(storage, { recursive: true });
  // The storage in the cache (base and layers survive), the login file of this test.
  const env = buildahEnv(storage, join(work, 'auth.json'));
  const containers: string[] = [];
  /** Repositories this test built, whose local images go afterwards. */
  const images: string[] = [];
  afterAll(() => {
    const buildah = (...args: string[]) => execFileSync('buildah', args, { env: { ...process.env, ...env }, stdio: 'pipe' });
    for (const container of containers) buildah('rm', container);
    // vfs keeps a full copy of every layer: without this the cache grows by gigabytes a
    // run. The base image stays; the layer cache goes (it saves little with vfs).
    const local = buildah('images', '--format', '{{.Name}}:{{.Tag}}').toString().split('\n');
    const built = local.filter((name) => images.some((prefix) => name.startsWith(`${prefix}:`)));
    if (built.length > 0) buildah('rmi', ...built);
    buildah('rmi', '--prune');
  });

  it(
    'is built by .gitlab-ci.yml on a local base, pushed as :p-<id> and :latest, and diffs, dry-runs and serves against the test servers',
    { timeout: 1_500_000 },
    async () => {
      const base = execFileSync(join(REPOSITORY_ROOT, 'scripts/ci/node-base-image'), { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
      const repository = `${uniqueName('image')}/deployment-all`;
      const { OCI_REGISTRY, OCI_REGISTRY_USER, OCI_REGISTRY_PASSWORD } = testEnv();
      const variables = {
        IMAGE_NAME: `${OCI_REGISTRY}/${repository}`,
        BUILD_CACHE_REPO: '',
        BUILDAH_BUILD_ARGS: `--build-arg BASE_IMAGE=${base}`,
        REGISTRY: OCI_REGISTRY,
        REGISTRY_USER: OCI_REGISTRY_USER,
        REGISTRY_PASSWORD: OCI_REGISTRY_PASSWORD,
        REGISTRY_TLS_VERIFY: 'false',
      };
      const flags = Object.entries(variables).flatMap(([key, value]) => ['--variable', `${key}=${value}`]);
      const started = Date.now();
      // A cold build (no cached layer) takes minutes on two cores with vfs.
      const build = await gitlabCiLocal(repositoryCopy(), ['image-build', ...flags], { ...process.env, ...env }, 1_200_000);
      const seconds = Math.round((Date.now() - started) / 1000);
      expect(build.code, build.output).toBe(0);
      expect(jobResults(build.output)).toEqual({ 'image-build': 'PASS' });
      expect(build.output).not.toContain(OCI_REGISTRY_PASSWORD);
      const tags = await registryTags(repository);
      const pipeline = tags.find((tag) => tag.startsWith('p-')) ?? 'none';
      expect(tags.sort()).toEqual(['latest', pipeline].sort());
      const digest = await registryDigest(repository, pipeline);
      expect(build.output).toContain(`image: pushed ${OCI_REGISTRY}/${repository}:latest@${digest}`);
      console.log(`image-build: ${seconds} s; ${OCI_REGISTRY}/${repository}:${pipeline}@${digest}`);

      const container = execFileSync('buildah', ['from', '--pull=never', `${OCI_REGISTRY}/${repository}:${pipeline}`], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      }).trim();
      containers.push(container);
      images.push(`${OCI_REGISTRY}/${repository}`);

      // A deployment repository (the bundled one) on test namespaces, and the test cluster's
      // credentials, mounted into the container; chroot isolation shares the host's network.
      const namespaces = {
        testing: await testNamespace('image-test'),
        staging: await testNamespace('image-stag'),
        production: await testNamespace('image-prod'),
      };
      const deployRepo = bundledRepoIn(namespaces);
      const secrets = fakeSecrets(deployRepo);
      const kube = join(work, 'kube');
      mkdirSync(kube);
      copyFileSync(testEnv().KUBECONFIG, join(kube, 'config'));
      chmodSync(kube, 0o700);
      // Root in the container: the mounted files are the host's root's, 0600.
      const mounts = ['--user', '0:0', '-v', `${deployRepo}:/repo`, '-v', `${kube}:/kube:ro`, '--env', 'KUBECONFIG=/kube/config', '--workingdir', '/repo'];
      const diff = await buildahRun(env, container, [
        ...mounts,
        '--',
        '/code/deployment-all',
        'diff',
        '--secrets-file',
        '/repo/secrets.yml',
        'testing/webhook-receiver',
      ]);
      // 1: changes (nothing is deployed in the fresh namespace yet).
      expect(diff.code, diff.output).toBe(1);
      expect(diff.output).toContain('Deployment/');
      const dryRun = await buildahRun(env, container, [
        ...mounts,
        '--',
        '/code/deployment-all',
        'apply',
        '--dry-run',
        '--secrets-file',
        '/repo/secrets.yml',
        'testing/webhook-receiver',
      ]);
      expect(dryRun.code, dryRun.output).toBe(0);
      expect(dryRun.output).toMatch(/Deployment\/.*webhook-receiver/);
      for (const value of secrets.values) expect(diff.output + dryRun.output).not.toContain(value);

      // The webhook receiver, as its Deployment starts it, up to its health endpoint.
      const vhost = await ownVhost('image-receiver');
      const serviceEnv = {
        ...brokerEnv(vhost),
        WEBHOOK_RECEIVER_TOKENS: 'image-test-token',
        WEBHOOK_RECEIVER_PORT: '0',
        CKI_METRICS_ENABLED: 'true',
        CKI_METRICS_PORT: '0',
        // The "listening" line (with the ports) is at info; production logs from warn.
        CKI_LOGGING_LEVEL: 'info',
      };
      const envFlags = Object.entries(serviceEnv).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
      const receiver = spawn('buildah', ['run', ...envFlags, container, '--', 'node', 'dist/services/webhook-receiver/main.js'], {
        env: { ...process.env, ...env },
        detached: true,
      });
      const lines: string[] = [];
      createInterface({ input: receiver.stdout }).on('line', (line) => lines.push(line));
      createInterface({ input: receiver.stderr }).on('line', (line) => lines.push(line));
      try {
        const listening = await waitFor(
          async () =>
            lines
              .flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : []))
              .find((event) => event.msg === 'webhook receiver listening'),
          { description: 'the receiver in the image to listen', timeoutMs: 90_000 },
        ).catch((error: unknown) => {
          throw new Error(`the receiver in the image did not listen; its output:\n${lines.join('\n')}`, { cause: error });
        });
        const health = await fetch(`http://127.0.0.1:${String(listening.metricsPort)}/healthz`);
        expect(health.status).toBe(200);
      } finally {
        if (receiver.pid !== undefined) process.kill(-receiver.pid, 'SIGTERM');
      }
      expect(lines.join('\n')).not.toContain(brokerEnv(vhost).RABBITMQ_PASSWORD);
    },
  );
});
