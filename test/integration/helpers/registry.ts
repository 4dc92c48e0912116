/**
 * Test images in the test environment's OCI registry, pushed with plain registry API
 * calls (a config blob and a manifest without layers: KWOK never runs them), so each
 * push under a tag makes a new digest; the registry's tags and digests as the image tests
 * see them; buildah's storage and login kept in a folder of the test's own; and a proxy in
 * front of the registry that refuses manifest uploads the way the registry does.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deployRepo, SECRET_VALUE } from './deploy-repo.js';
import { testEnv } from './env.js';

function auth(): string {
  const env = testEnv();
  return `Basic ${Buffer.from(`${env.OCI_REGISTRY_USER}:${env.OCI_REGISTRY_PASSWORD}`).toString('base64')}`;
}

function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: registry answered ${response.status} ${await response.text()}`);
  return response;
}

/** Pushes a new image to `repository:tag` of the test registry; resolves to the manifest's digest. */
export async function pushTestImage(repository: string, tag: string): Promise<string> {
  const base = `http://${testEnv().OCI_REGISTRY}/v2/${repository}`;
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { build: randomUUID() } }, rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const configDigest = sha256(config);
  const upload = await ok(await fetch(`${base}/blobs/uploads/`, { method: 'POST', headers: { authorization: auth() } }), 'starting a blob upload');
  const location = new URL(upload.headers.get('location') ?? '', base);
  location.searchParams.set('digest', configDigest);
  await ok(
    await fetch(location, { method: 'PUT', headers: { authorization: auth(), 'content-type': 'application/octet-stream' }, body: config }),
    'uploading the config blob',
  );
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [],
  });
  const put = await ok(
    await fetch(`${base}/manifests/${tag}`, {
      method: 'PUT',
      headers: { authorization: auth(), 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      body: manifest,
    }),
    `pushing ${repository}:${tag}`,
  );
  const digest = put.headers.get('docker-content-digest') ?? sha256(manifest);
  if (digest !== sha256(manifest)) throw new Error(`registry stored ${repository}:${tag} as ${digest}, expected ${sha256(manifest)}`);
  return digest;
}

/** The deploy fixture with worker on `<registry>/<repository>:production`, the registry in image_registries. */
export function registryRepo(namespace: string, repository: string, registry = testEnv().OCI_REGISTRY, password = testEnv().OCI_REGISTRY_PASSWORD): string {
  const root = deployRepo(namespace, { 'projects/worker/project-vars.yml.j2': `deployment:\n  image: ${registry}/${repository}:production\n  replicas: 1\n` });
  appendFileSync(
    join(root, 'inventory/environments/it.yml'),
    `image_registries:\n  - {host: "${registry}", insecure: true, username_secret: REGISTRY_USER, password_secret: REGISTRY_PASSWORD}\n`,
  );
  appendFileSync(join(root, 'inventory/secrets.yml'), '  REGISTRY_USER:\n    description: Pull user.\n  REGISTRY_PASSWORD:\n    description: Its password.\n');
  writeFileSync(join(root, 'secrets.yml'), `WEB_TOKEN: ${SECRET_VALUE}\nREGISTRY_USER: ${testEnv().OCI_REGISTRY_USER}\nREGISTRY_PASSWORD: ${password}\n`, {
    mode: 0o600,
  });
  return root;
}

/** The tags of `repository` (a name without the registry); none when it does not exist. */
export async function registryTags(repository: string): Promise<string[]> {
  const response = await fetch(`http://${testEnv().OCI_REGISTRY}/v2/${repository}/tags/list`, { headers: { authorization: auth() } });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`registry: tags of ${repository}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { tags: string[] | null }).tags ?? [];
}

/** The manifest digest the registry serves for `repository:tag`. */
export async function registryDigest(repository: string, tag: string): Promise<string> {
  const response = await fetch(`http://${testEnv().OCI_REGISTRY}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      authorization: auth(),
      accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  const digest = response.headers.get('docker-content-digest');
  if (!response.ok || digest === null) throw new Error(`registry: no manifest ${repository}:${tag} (HTTP ${response.status})`);
  return digest;
}

/**
 * Environment for buildah: vfs storage under `dir` (not the machine's), chroot isolation and
 * a login file of its own (`authFile`, by default in `dir`).
 */
export function buildahEnv(dir: string, authFile = join(dir, 'auth.json')): NodeJS.ProcessEnv {
  const conf = join(dir, 'storage.conf');
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, 'storage')}"\nrunroot = "${join(dir, 'run')}"\n`);
  // buildah refuses a REGISTRY_AUTH_FILE that does not exist: an empty one until a login.
  writeFileSync(authFile, '{"auths":{}}\n', { mode: 0o600 });
  return { CONTAINERS_STORAGE_CONF: conf, REGISTRY_AUTH_FILE: authFile, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' };
}

export interface RegistryProxy {
  /** host:port to use instead of OCI_REGISTRY. */
  address: string;
  /** Manifest uploads refused. */
  readonly refused: number;
  close(): Promise<void>;
}

/** Forwards to the registry, but answers every manifest upload as a registry denying it (distribution's error body). */
export async function registryProxy(): Promise<RegistryProxy> {
  const [host, port] = testEnv().OCI_REGISTRY.split(':');
  let refused = 0;
  const server = createServer((request, response) => {
    if (request.method === 'PUT' && /\/manifests\/[^/]+$/.test(request.url ?? '')) {
      refused++;
      request.resume();
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied: tags of this repository are frozen' }] }));
      return;
    }
    const upstream = httpRequest({ host, port: Number(port), method: request.method, path: request.url, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => response.destroy(error));
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get refused() {
      return refused;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
