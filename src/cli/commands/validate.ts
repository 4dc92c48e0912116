import { resolve } from 'node:path';
import { renderRepository } from '../../render/render-repository.js';
import type { GlobalOptions } from '../main.js';
import type { Io } from '../output.js';

export async function validateCommand(io: Io, globals: GlobalOptions, targets: string[]): Promise<number> {
  const result = renderRepository({ root: resolve(io.cwd, globals.root), targets });
  const objects = result.rendered.reduce((sum, r) => sum + r.objects.length, 0);
  io.stdout(`${io.paint.green('ok:')} ${result.rendered.length} project-environments, ${objects} objects valid\n`);
  return 0;
}
