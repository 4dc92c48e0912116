/**
 * Test images in the test environment's OCI registry, pushed with plain registry API
 * calls (a config blob and a manifest without layers: KWOK never runs them), so each
 * push under a tag makes a new digest.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
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
