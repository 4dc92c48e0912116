/**
 * Images of the environment's `image_registries` are deployed by digest, decided per
 * image in this order:
 *
 * 1. already a digest (a rollback's recorded reference, `--image x@sha256:...`): as it is;
 * 2. a re-run of a deploy job (GitLab's "Rollback environment" re-runs the old job: same
 *    commit, same variables, same pipeline URL): the digest that pipeline's revision recorded
 *    for that repository, so the old job deploys exactly what it deployed then;
 * 3. the reference the last revision deployed, unchanged: the digest it deployed, so a
 *    redeploy never moves an image nobody changed (unless `--refresh-images`);
 * 4. otherwise the digest the tag points to now, asked of the registry.
 *
 * Any registry failure stops the run before anything is applied.
 */
import type { Revision } from './inventory-store.js';
import { imageRepository, imagesOf, mapImages } from './image-overrides.js';
import type { SecretResolver } from './fill-secrets.js';
import type { EnvironmentDef } from '../render/inventory.js';
import type { K8sObject } from '../render/objects/k8s-object.js';
import { RegistryClient, type RegistryAccess } from '../images/registry-client.js';
import { digestOf, parseImageReference, pinnedTo, withoutDigest } from '../images/reference.js';

export interface PinOptions {
  /** Resolve every tag anew, even one the last revision deployed. */
  refreshImages?: boolean;
  /** This run's pipeline URL (CI_PIPELINE_URL): a re-run job finds its pipeline's revision by it. */
  pipelineUrl?: string;
  /** Also ask the registry where kept tags point now (diff), to report moved tags. */
  checkMovedTags?: boolean;
}

export type PinSource = 'digest' | 'rerun' | 'kept' | 'resolved';

export interface PinnedImage {
  /** As rendered (after --image overrides). */
  image: string;
  /** What is deployed: `image@sha256:...`. */
  pinned: string;
  source: PinSource;
  /** For a kept tag (checkMovedTags): the digest the tag points to now, when it moved. */
  movedTo?: string;
}

/** Registry access of one environment, credentials read from its secrets path. */
async function registryAccess(environment: EnvironmentDef, secrets: SecretResolver): Promise<Map<string, RegistryAccess>> {
  const access = new Map<string, RegistryAccess>();
  for (const registry of environment.image_registries ?? []) {
    const entry: RegistryAccess = { insecure: registry.insecure ?? false };
    if (registry.username_secret && registry.password_secret) {
      entry.credentials = {
        username: await secrets.get(environment.secrets_path, registry.username_secret),
        password: await secrets.get(environment.secrets_path, registry.password_secret),
      };
    }
    access.set(registry.host, entry);
  }
  return access;
}

/** Pins images of the environment's registries in each project's objects. */
export class DigestPinner {
  private constructor(
    private readonly registries: Map<string, RegistryAccess>,
    private readonly client: RegistryClient,
    private readonly options: PinOptions,
  ) {}

  static async forEnvironment(environment: EnvironmentDef, secrets: SecretResolver, options: PinOptions): Promise<DigestPinner> {
    const registries = await registryAccess(environment, secrets);
    return new DigestPinner(registries, new RegistryClient((host) => registries.get(host) ?? {}), options);
  }

  get enabled(): boolean {
    return this.registries.size > 0;
  }

  private covers(image: string): boolean {
    return this.registries.has(parseImageReference(image).registry);
  }

  /** The objects with images pinned, and how each image was pinned. */
  async pin(objects: readonly K8sObject[], revisions: readonly Revision[]): Promise<{ objects: K8sObject[]; pins: PinnedImage[] }> {
    if (!this.enabled) return { objects: [...objects], pins: [] };
    const rerun = this.options.pipelineUrl ? revisions.find((r) => r.pipelineUrl === this.options.pipelineUrl) : undefined;
    const last = revisions[0];
    const pins = new Map<string, PinnedImage>();
    for (const image of imagesOf(objects)) {
      if (!this.covers(image)) continue;
      pins.set(image, await this.pinOne(image, rerun, last));
    }
    const pinned = mapImages(objects, (image) => pins.get(image)?.pinned ?? image);
    return { objects: pinned, pins: [...pins.values()] };
  }

  private async pinOne(image: string, rerun: Revision | undefined, last: Revision | undefined): Promise<PinnedImage> {
    if (digestOf(image)) return { image, pinned: image, source: 'digest' };
    const recorded = rerun?.images.find((r) => digestOf(r) && imageRepository(r) === imageRepository(image));
    if (recorded) return { image, pinned: recorded, source: 'rerun' };
    const kept = this.options.refreshImages ? undefined : last?.images.find((r) => digestOf(r) && withoutDigest(r) === image);
    if (kept) {
      const entry: PinnedImage = { image, pinned: kept, source: 'kept' };
      if (this.options.checkMovedTags) {
        const now = await this.client.resolve(image);
        if (now !== digestOf(kept)) entry.movedTo = now;
      }
      return entry;
    }
    return { image, pinned: pinnedTo(image, await this.client.resolve(image)), source: 'resolved' };
  }
}
