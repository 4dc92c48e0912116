/**
 * `--image PROJECT=REF` (and a service repository's `IMAGE_TAG`): the images a project's
 * jobs pin. REF is a whole image reference (`quay.io/cki/x:v2`, `...@sha256:...`), pinned
 * as it is, or a bare tag, put on every image the project renders in that environment.
 */
import { imageRepository } from '../deploy/image-overrides.js';
import { UsageError } from '../lib/errors.js';

/** A tag as the OCI distribution spec allows it. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export interface ImageRequest {
  project: string;
  ref: string;
  /** Where it came from, for messages: `--image x=y` or `IMAGE_TAG`. */
  source: string;
}

/** Parses one `--image PROJECT=REF`; a malformed one is a usage error. */
export function parseImageOption(text: string): ImageRequest {
  const eq = text.indexOf('=');
  const project = eq > 0 ? text.slice(0, eq) : '';
  const ref = eq > 0 ? text.slice(eq + 1) : '';
  if (!project || !ref || /\s/.test(ref)) throw new UsageError(`--image ${text}: must be PROJECT=REF, REF an image reference or a tag`);
  return { project, ref, source: `--image ${text}` };
}

/** Whether REF is a bare tag (no registry, repository or digest). */
function isBareTag(ref: string): boolean {
  return !/[/:@]/.test(ref);
}

/** The references a job pins for a project rendering `images`; sorted, without repeats. */
export function pinnedImages(request: ImageRequest, images: readonly string[]): string[] {
  if (!isBareTag(request.ref)) return [request.ref];
  if (!TAG.test(request.ref)) throw new UsageError(`${request.source}: "${request.ref}" is not a valid image tag`);
  return [...new Set(images.map((image) => `${imageRepository(image)}:${request.ref}`))].sort();
}

/** One request per project; a project named twice is a usage error. */
export function imageRequestsByProject(requests: readonly ImageRequest[], projects: readonly string[]): Map<string, ImageRequest> {
  const byProject = new Map<string, ImageRequest>();
  for (const request of requests) {
    if (!projects.includes(request.project)) {
      throw new UsageError(`${request.source}: unknown project "${request.project}"; known: ${projects.join(', ')}`);
    }
    const earlier = byProject.get(request.project);
    if (earlier) throw new UsageError(`${request.source}: ${request.project} already has ${earlier.source}; give one image per project`);
    byProject.set(request.project, request);
  }
  return byProject;
}
