/**
 * What `render --out` wrote, kept in its output folder's marker file: for every file,
 * the id of its bytes (output-file.ts, or a sha256 of the text) and its size,
 * modification time and inode when written. The next render hard-links a file from
 * the previous output instead of writing it again when the id is the same and the file
 * on disk still has that size, time and inode (the quick check of rsync and make: an
 * edit changes the time, an editor's save-by-rename the inode). A file whose time is
 * not older than the marker's could have been edited within the same clock tick as it
 * was written (git's "racily clean" entries): its bytes are compared.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, type Stats } from 'node:fs';

/** `[id, size, mtimeMs, ino]` of a file written by the last render. */
export type ManifestEntry = [id: string, size: number, mtimeMs: number, ino: number];

export interface OutputManifest {
  writtenBy: string;
  files: Record<string, ManifestEntry>;
}

const WRITTEN_BY = 'deployment-all render; this folder is replaced on every render';

export interface PreviousOutput {
  files: Map<string, ManifestEntry>;
  /** Modification time of the marker, written after every file. */
  writtenAtMs: number;
}

/** The files recorded in an output folder's marker file; none when it is missing or not ours. */
export function readManifest(markerPath: string): PreviousOutput {
  try {
    const manifest = JSON.parse(readFileSync(markerPath, 'utf8')) as Partial<OutputManifest>;
    if (manifest.writtenBy !== WRITTEN_BY || !manifest.files) return { files: new Map(), writtenAtMs: 0 };
    return { files: new Map(Object.entries(manifest.files)), writtenAtMs: lstatSync(markerPath).mtimeMs };
  } catch {
    return { files: new Map(), writtenAtMs: 0 }; // an older marker (a line of text) or none: every file is written
  }
}

export function formatManifest(files: ReadonlyMap<string, ManifestEntry>): string {
  const manifest: OutputManifest = { writtenBy: WRITTEN_BY, files: Object.fromEntries(files) };
  return JSON.stringify(manifest) + '\n';
}

export function textId(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

export function entryOf(id: string, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>): ManifestEntry {
  return [id, stats.size, stats.mtimeMs, stats.ino];
}

/**
 * Whether `path` still holds what `entry` recorded (a symbolic link never does);
 * `unsure` when it was written within the tick of the marker, so an edit right after
 * could have left its time unchanged.
 */
export function stillWritten(path: string, entry: ManifestEntry, previous: PreviousOutput): 'yes' | 'no' | 'unsure' {
  const [, size, mtimeMs, ino] = entry;
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.size !== size || stats.mtimeMs !== mtimeMs || stats.ino !== ino) return 'no';
  return mtimeMs < previous.writtenAtMs ? 'yes' : 'unsure';
}
