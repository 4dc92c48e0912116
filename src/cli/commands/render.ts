import { resolve } from 'node:path';
import { renderRepository } from '../../render/render-repository.js';
import { formatObjects, writeRenderOutput, type OutputFormat } from '../../render/write-output.js';
import type { GlobalOptions } from '../main.js';
import type { Io } from '../output.js';

export async function renderCommand(io: Io, globals: GlobalOptions, targets: string[], options: { out: string; format: OutputFormat; stdout?: boolean }): Promise<number> {
  const started = performance.now();
  const root = resolve(io.cwd, globals.root);
  const result = renderRepository({ root, targets });
  const objects = result.rendered.reduce((sum, r) => sum + r.objects.length, 0);
  if (options.stdout) {
    for (const item of result.rendered) io.stdout(formatObjects(item.objects, options.format));
  } else {
    writeRenderOutput(resolve(io.cwd, options.out), result.rendered, options.format);
  }
  const ms = Math.round(performance.now() - started);
  const where = options.stdout ? 'stdout' : `${options.out}/`;
  const disabled = result.disabled.length > 0 ? `, ${result.disabled.length} disabled` : '';
  io.stderr(`rendered ${objects} objects for ${result.rendered.length} project-environments${disabled} into ${where} in ${ms} ms\n`);
  return 0;
}
