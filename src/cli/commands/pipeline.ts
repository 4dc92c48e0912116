import { isAbsolute, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { targetsArgument } from '../options.js';
import type { Io } from '../output.js';
import { renderCacheFor } from '../render-cache.js';

export interface PipelineCommandOptions {
  image: string[];
  out?: string;
  refreshImages?: boolean;
  parentJob: string;
}

export function pipelineCommand(cli: Cli): Command {
  return new Command('pipeline')
    .description('print the GitLab child pipeline deploying the targets: one job per environment and project (--out DIR when it needs several)')
    .addArgument(targetsArgument())
    .addOption(
      new Option('--image <project=ref>', "pin a project's images: a whole reference, or a tag for every image it renders (repeatable)")
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .option('--refresh-images', 'every job resolves image tags anew instead of keeping the digests deployed (also: DEPLOY_REFRESH_IMAGES=true)')
    .option(
      '-o, --out <dir>',
      'write deploy-1.yml, deploy-2.yml, ... into this folder (inside the repository: the generator job keeps it as its artifact) instead of printing one pipeline',
    )
    .option(
      '--parent-job <name>',
      'the parent pipeline job whose artifact holds --out (past 500 jobs, the first child pipeline fetches the others from it)',
      'generate',
    )
    .addHelpText('after', '\nWithout targets, $DEPLOY_PROJECT limits the pipeline to that project, and $IMAGE_TAG pins its images to that tag.')
    .action(cli.action(runPipeline));
}

/** `--out` as the generator job's artifact path: relative to where the job runs, without a trailing slash. */
function artifactPath(cwd: string, out: string): string {
  const path = relative(cwd, resolve(cwd, out)) || '.';
  return path.startsWith('..') || isAbsolute(path) ? resolve(cwd, out) : path;
}

async function runPipeline(io: Io, globals: GlobalOptions, targets: string[], options: PipelineCommandOptions): Promise<number> {
  const { generatePipelines, writePipelines } = await import('../../pipeline/generate.js');
  const started = performance.now();
  const root = resolve(io.cwd, globals.root);
  const chain = options.out ? { dir: artifactPath(io.cwd, options.out), parentJob: options.parentJob } : undefined;
  const generated = generatePipelines({
    root,
    targets,
    renderCache: await renderCacheFor(io),
    images: options.image,
    env: io.env,
    refreshImages: options.refreshImages,
    ...(chain ? { chain } : {}),
  });
  if (options.out) {
    const files = writePipelines(resolve(io.cwd, options.out), generated.files);
    io.stderr(`wrote ${files.join(', ')} into ${options.out}/\n`);
  } else {
    io.stdout(generated.single());
  }
  const ms = Math.round(performance.now() - started);
  io.stderr(`${generated.jobs} deploy jobs in ${generated.files.length} child pipeline${generated.files.length === 1 ? '' : 's'} in ${ms} ms\n`);
  return 0;
}
