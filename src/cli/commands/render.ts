import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { OutputFormat } from '../../render/write-output.js';
import type { Cli } from '../command.js';
import type { GlobalOptions } from '../global-options.js';
import { targetsArgument } from '../options.js';
import type { Io } from '../output.js';
import { renderCacheFor } from '../render-cache.js';

export function renderCommand(cli: Cli): Command {
  return new Command('render')
    .description('render projects into Kubernetes manifests and VM groups into Ansible files (secret values are never written)')
    .addArgument(targetsArgument())
    .option('-o, --out <dir>', 'output folder, replaced as a whole', 'out')
    .option('--stdout', 'print the objects instead of writing files')
    .addOption(
      new Option('-f, --format <format>', 'output format; rules: only the monitoring files (with --stdout, one Prometheus rule file per environment)')
        .choices(['yaml', 'json', 'rules'])
        .default('yaml'),
    )
    .action(cli.action(runRender));
}

async function runRender(io: Io, globals: GlobalOptions, targets: string[], options: { out: string; format: OutputFormat; stdout?: boolean }): Promise<number> {
  const { renderWithCache } = await import('../../render/render-cached.js');
  const { formatObjects, writeRenderOutput } = await import('../../render/write-output.js');
  const { ruleFilesByEnvironment } = await import('../../render/monitoring-files.js');
  const started = performance.now();
  const root = resolve(io.cwd, globals.root);
  const cache = await renderCacheFor(io);
  const result = await renderWithCache({ root, targets, cache });
  const { objectCount } = await import('../../render/cache/render-cache.js');
  const objects = result.rendered.reduce((sum, r) => sum + objectCount(r), 0);
  const format = options.format;
  if (options.stdout) {
    if (format === 'rules') {
      // One rule file per environment, as separate YAML documents.
      for (const [env, text] of ruleFilesByEnvironment([...result.rendered, ...result.vmGroups]))
        io.stdout(`---\n# Prometheus rules of environment ${env}\n${text}`);
    } else {
      for (const item of result.rendered)
        io.stdout(cache ? cache.text(item, format, () => formatObjects(item.objects, format)) : formatObjects(item.objects, format));
    }
  } else {
    writeRenderOutput(resolve(io.cwd, options.out), result.rendered, options.format, result.ansible, result.inventory, cache, result.vmGroups);
  }
  const ms = Math.round(performance.now() - started);
  const where = options.stdout ? 'stdout' : `${options.out}/`;
  const disabled = result.disabled.length > 0 ? `, ${result.disabled.length} disabled` : '';
  const cached = result.cached > 0 ? `, ${result.cached} from the render cache` : '';
  const vm =
    result.vmGroups.length > 0 ? ` and ${result.vmGroups.length} VM group-environments${options.stdout ? ' (their Ansible files only with --out)' : ''}` : '';
  io.stderr(`rendered ${objects} objects for ${result.rendered.length} project-environments${disabled}${cached}${vm} into ${where} in ${ms} ms\n`);
  return 0;
}
