/**
 * Writes a render to disk all at once: into a temporary folder beside the target,
 * then swapped in, so a failed or interrupted render never leaves a partial `out/`.
 * A file the previous render wrote with the same bytes, untouched since, is
 * hard-linked from it instead of written again (output-manifest.ts): a link costs a
 * fraction of a write, and most files of a re-render are unchanged.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DeploymentAllError } from '../lib/errors.js';
import { formatObjects, type ObjectFormat } from './format-objects.js';
import type { Inventory } from './inventory.js';
import type { RenderedProject } from './render-repository.js';
import { monitoringFiles } from './monitoring-files.js';
import { madeFile, madeTexts, projectFile, type OutputFile, type TextSource } from './output-file.js';
import { entryOf, formatManifest, readManifest, stillWritten, textId, type ManifestEntry, type PreviousOutput } from './output-manifest.js';
import type { AnsibleFile } from '../vm/ansible-output.js';
import type { RenderedVmGroup } from '../vm/render-vm-groups.js';

/** Folder of an environment's VM-group files in the render output. */
export const ANSIBLE_DIR = 'ansible';

// Where the formats are defined; re-exported for the callers that write output.
export { formatObjects, type ObjectFormat };

/** `rules`: only the monitoring files. */
export type OutputFormat = ObjectFormat | 'rules';

/** Marks a folder as ours, so we only ever replace folders we wrote; holds the manifest of its files. */
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
  texts: TextSource = madeTexts,
  vmGroups: readonly RenderedVmGroup[] = [],
): string[] {
  const target = resolve(outDir);
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, OUTPUT_MARKER))) {
    throw new DeploymentAllError(`refusing to replace ${outDir}: it is not empty and was not written by deployment-all render; choose another --out`);
  }
  const files = new Map(monitoringFiles(rendered, inventory, texts, vmGroups));
  const objectFormat: ObjectFormat | undefined = format === 'rules' ? undefined : format;
  for (const item of objectFormat ? rendered : []) {
    files.set(
      join(item.environment, `${item.project}.${objectFormat}`),
      projectFile(texts, item, objectFormat as ObjectFormat, () => formatObjects(item.objects, objectFormat as ObjectFormat)),
    );
  }
  for (const [environment, groupFiles] of objectFormat ? ansible : new Map<string, readonly AnsibleFile[]>()) {
    for (const f of groupFiles) files.set(join(environment, ANSIBLE_DIR, f.path), madeFile(f.content));
  }

  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging);
    const previous = readManifest(join(target, OUTPUT_MARKER));
    const written = new Map<string, ManifestEntry>();
    const made = new Set<string>();
    for (const [file, output] of files) {
      const dir = dirname(file);
      if (!made.has(dir)) mkdirSync(join(staging, dir), { recursive: true });
      made.add(dir);
      written.set(file, placeFile(file, output, { staging, target, previous }));
    }
    writeFileSync(join(staging, OUTPUT_MARKER), formatManifest(written));
    const old = join(parent, `.${basename(target)}.old-${process.pid}`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return [...files.keys()].map((file) => join(outDir, file));
}

/**
 * Hard-links `file` of the previous output into the staging folder when the previous
 * render wrote the same bytes there, untouched since; writes the text otherwise (also
 * where links fail: staging and target share a parent, so only on a file system
 * without them).
 */
function placeFile(file: string, output: OutputFile, where: { staging: string; target: string; previous: PreviousOutput }): ManifestEntry {
  const path = join(where.staging, file);
  const previousPath = join(where.target, file);
  let text: string | undefined;
  const id = output.id ?? textId((text = output.text()));
  const entry = where.previous.files.get(file);
  let same = entry?.[0] === id ? stillWritten(previousPath, entry, where.previous) : 'no';
  if (same === 'unsure') same = readFileSync(previousPath).equals(Buffer.from((text ??= output.text()))) ? 'yes' : 'no';
  if (entry && same === 'yes') {
    try {
      linkSync(previousPath, path);
      return entry;
    } catch {
      // no link here: written below
    }
  }
  writeFileSync(path, text ?? output.text());
  return entryOf(id, statSync(path));
}
