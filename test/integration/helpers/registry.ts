/**
 * Test images in the test environment's OCI registry, pushed with plain registry API
 * calls (a config blob and a manifest without layers: KWOK never runs them), so each
 * push under a tag makes a new digest.
 */
import { createHash, randomUUID } from 'node:crypto';
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
