/**
 * `deployment-all pipeline`: renders the targets (a broken render fails here, before any
 * pipeline exists), builds the child pipelines, checks them against GitLab's limits and
 * formats them. Reading the repository and writing `--out` are the only I/O.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemsError, UsageError } from '../lib/errors.js';
import { renderRepository } from '../render/render-repository.js';
import { loadRepository, repositoryNames } from '../render/load-repository.js';
import type { RenderCache } from '../render/cache/render-cache.js';
import { buildPipelines } from './build-pipeline.js';
import { formatPipeline, pipelineFileName } from './format-pipeline.js';
import { imageRequestsByProject, parseImageOption, type ImageRequest } from './image-pins.js';
import { pipelineProblems } from './limits.js';

export interface GenerateOptions {
  root: string;
  targets: readonly string[];
  renderCache?: RenderCache;
  /** `--image PROJECT=REF` values. */
  images: readonly string[];
  /** DEPLOY_PROJECT, IMAGE_TAG and DEPLOY_REFRESH_IMAGES are read from here (a service repository's trigger, a pipeline's variables). */
  env: NodeJS.ProcessEnv;
  /** `--refresh-images` (or DEPLOY_REFRESH_IMAGES=true): every job resolves image tags anew. */
  refreshImages?: boolean;
  /** With `--out`: the folder as the generator job's artifact path, and that job's name, for chaining pipelines past 500 jobs. */
  chain?: { dir: string; parentJob: string };
}

export interface GeneratedPipelines {
  /** One file per child pipeline, named for `--out`. */
  files: { name: string; text: string }[];
  jobs: number;
  /** The one pipeline, for stdout; a usage error when the jobs need several. */
  single(): string;
}

/** Targets naming a project the repository does not have: a usage error listing the known ones. */
function checkTargets(targets: readonly string[], environments: readonly string[], projects: readonly string[], source: (t: string) => string): void {
  for (const target of targets) {
    const [first, second] = target.split('/');
    const project = second ?? (environments.includes(first ?? '') ? undefined : first);
    if (project !== undefined && project !== '*' && !projects.includes(project)) {
      throw new UsageError(`${source(target)}: unknown project "${project}"; known: ${projects.join(', ')}`);
    }
  }
}

/** The targets and images, from the command line or else from DEPLOY_PROJECT and IMAGE_TAG. */
function requested(options: GenerateOptions): { targets: string[]; images: ImageRequest[]; fromEnv: boolean } {
  const images = options.images.map(parseImageOption);
  const project = options.env.DEPLOY_PROJECT?.trim();
  const tag = options.env.IMAGE_TAG?.trim();
  if (options.targets.length > 0 || !project) {
    if (tag && !project && options.targets.length === 0) throw new UsageError('IMAGE_TAG is set without DEPLOY_PROJECT: set the project whose images it tags');
    return { targets: [...options.targets], images, fromEnv: false };
  }
  if (tag) images.push({ project, ref: tag, source: 'IMAGE_TAG' });
  return { targets: [project], images, fromEnv: true };
}

function refreshFromEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env.DEPLOY_REFRESH_IMAGES?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new UsageError(`DEPLOY_REFRESH_IMAGES=${value}: must be true or false`);
}

export function generatePipelines(options: GenerateOptions): GeneratedPipelines {
  const { targets, images, fromEnv } = requested(options);
  const loaded = loadRepository(options.root);
  // Checked before rendering, so that the message lists the known projects.
  const { environments, projects } = repositoryNames(loaded);
  checkTargets(targets, environments, projects, (t) => (fromEnv ? `DEPLOY_PROJECT=${t}` : `target "${t}"`));
  const render = renderRepository({ root: options.root, targets, cache: options.renderCache, loaded });
  const pipelines = buildPipelines({
    environments: render.inventory.environments,
    rendered: [
      ...render.rendered.map((r) => ({ environment: r.environment, project: r.project, images: r.model.images })),
      // A VM group's job runs the same deploy-job (apply ENV/PROJECT runs its playbook); it has no images.
      ...render.vmGroups.map((g) => ({ environment: g.environment, project: g.project, images: [] })),
    ],
    images: imageRequestsByProject(images, projects),
    refreshImages: options.refreshImages === true || refreshFromEnv(options.env),
  });
  const names = pipelines.map((_, i) => pipelineFileName(i + 1));
  const [first] = pipelines;
  if (first && pipelines.length > 1 && options.chain) first.chain = { files: names.slice(1), ...options.chain };
  const files = pipelines.map((pipeline, i) => ({ name: names[i] as string, text: formatPipeline(pipeline), pipeline }));
  const problems = files.flatMap((f) => pipelineProblems(f.pipeline, f.name));
  if (problems.length > 0) throw new ProblemsError(problems);
  const jobs = pipelines.reduce((n, p) => n + Object.keys(p.jobs).length, 0);
  return {
    files: files.map(({ name, text }) => ({ name, text })),
    jobs,
    single() {
      if (files.length > 1)
        throw new UsageError(`${jobs} deploy jobs need ${files.length} child pipelines (GitLab runs at most 500 jobs in one): use --out DIR`);
      return (files[0] as { text: string }).text;
    },
  };
}

/** Writes the files into `dir`, replacing earlier `deploy-*.yml` there; returns their names. */
export function writePipelines(dir: string, files: readonly { name: string; text: string }[]): string[] {
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((f) => /^deploy-\d+\.yml$/.test(f))) rmSync(join(dir, stale));
  for (const file of files) writeFileSync(join(dir, file.name), file.text);
  return files.map((f) => f.name);
}
