/**
 * Writes a render to disk all at once: into a temporary folder beside the target,
 * then swapped in, so a failed or interrupted render never leaves a partial `out/`.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DeploymentAllError } from '../lib/errors.js';
import { formatObjects, type ObjectFormat } from './format-objects.js';
import type { Inventory } from './inventory.js';
import type { RenderedProject } from './render-repository.js';
import { monitoringFiles } from './monitoring-files.js';
import { makeText, type TextOf } from './cache/render-cache.js';
import type { AnsibleFile } from '../vm/ansible-output.js';
import type { RenderedVmGroup } from '../vm/render-vm-groups.js';

/** Folder of an environment's VM-group files in the render output. */
export const ANSIBLE_DIR = 'ansible';

// Where the formats are defined; re-exported for the callers that write output.
export { formatObjects, type ObjectFormat };

/** `rules`: only the monitoring files. */
export type OutputFormat = ObjectFormat | 'rules';

/** Marks a folder as ours, so we only ever replace folders we wrote. */
export const OUTPUT_MARKER = '.deployment-all-render';

/**
 * Replaces `outDir` with the rendered files: `<env>/<project>.yaml` (or .json),
 * `<env>/ansible/...` of the VM groups, and the monitoring files of each environment under
 * `<env>/monitoring/` (rule files, VM groups' scrape targets; format `rules`: those alone).
 */
export function writeRenderOutput(
  outDir: string,
  rendered: readonly RenderedProject[],
  format: OutputFormat,
  ansible: ReadonlyMap<string, readonly AnsibleFile[]> = new Map(),
  inventory?: Inventory,
  textOf: TextOf = makeText,
  vmGroups: readonly RenderedVmGroup[] = [],
): string[] {
  const target = resolve(outDir);
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, OUTPUT_MARKER))) {
    throw new DeploymentAllError(`refusing to replace ${outDir}: it is not empty and was not written by deployment-all render; choose another --out`);
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  const written: string[] = [];
  try {
    mkdirSync(staging);
    writeFileSync(join(staging, OUTPUT_MARKER), 'Written by deployment-all render; replaced on every render.\n');
    for (const [file, text] of monitoringFiles(rendered, inventory, textOf, vmGroups)) {
      mkdirSync(join(staging, dirname(file)), { recursive: true });
      writeFileSync(join(staging, file), text);
      written.push(join(outDir, file));
    }
    const objectFormat: ObjectFormat | undefined = format === 'rules' ? undefined : format;
    for (const item of objectFormat ? rendered : []) {
      const dir = join(staging, item.environment);
      mkdirSync(dir, { recursive: true });
      const file = `${item.project}.${objectFormat}`;
      writeFileSync(
        join(dir, file),
        textOf(item, objectFormat as ObjectFormat, () => formatObjects(item.objects, objectFormat as ObjectFormat)),
      );
      written.push(join(outDir, item.environment, file));
    }
    for (const [environment, files] of objectFormat ? ansible : new Map<string, readonly AnsibleFile[]>()) {
      for (const f of files) {
        const path = join(staging, environment, ANSIBLE_DIR, f.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.content);
        written.push(join(outDir, environment, ANSIBLE_DIR, f.path));
      }
    }
    const old = join(parent, `.${basename(target)}.old-${process.pid}`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return written;
}
