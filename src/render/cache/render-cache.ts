/**
 * The render cache: what one project-environment rendered to, stored on disk under a
 * key made of everything the render read (render-inputs.ts), so that a fresh process
 * reads unchanged project-environments instead of rendering them again.
 *
 * Safe to delete at any time, even during a run: entries are written to a temporary
 * file and renamed into place, an entry that cannot be read is a miss, and nothing
 * but successful renders is stored, so a repository with a mistake reports it on
 * every run. Entries not rewritten for two weeks are removed, at most once a day.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { RenderedProject } from '../render-repository.js';
import type { TextOf, TextSource } from '../output-file.js';

/** Bumped whenever what an entry holds changes shape. */
const FORMAT = 4;
const MAX_AGE_MS = 14 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 24 * 3600 * 1000;

/** What one project-environment rendered to. */
export type CachedPair = { rendered: RenderedProject } | { disabled: true };

/**
 * The large parts of a rendered project-environment, stored as bytes of their own and
 * read back only when used: `validate` needs none of them, `render --out` reads the
 * texts made of them, only the deploy reads the objects.
 */
const LAZY = ['objects', 'model', 'dashboard'] as const;
type LazyField = (typeof LAZY)[number];

interface StoredRendered {
  eager: Omit<RenderedProject, LazyField>;
  lazy: Partial<Record<LazyField, Buffer>>;
  objectCount: number;
}

type StoredPair = { rendered: StoredRendered } | { disabled: true };

/** Object counts of rendered project-environments served by a cache (their objects may not be read yet). */
const objectCounts = new WeakMap<RenderedProject, number>();

/** How many objects a rendered project-environment has, without reading a cached one's objects. */
export function objectCount(item: RenderedProject): number {
  return objectCounts.get(item) ?? item.objects.length;
}

/** `field` of `target` deserialised from `bytes` on first use, then a plain property. */
function defineLazy(target: object, field: string, bytes: Buffer): void {
  const settle = (value: unknown): void => void Object.defineProperty(target, field, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, field, {
    enumerable: true,
    configurable: true,
    get() {
      const value: unknown = deserialize(bytes);
      settle(value);
      return value;
    },
    set: settle,
  });
}

function storedOf(pair: CachedPair): StoredPair {
  if (!('rendered' in pair)) return pair;
  const { objects, model, dashboard, ...eager } = pair.rendered;
  const lazy: StoredRendered['lazy'] = { objects: serialize(objects), model: serialize(model) };
  if (dashboard !== undefined) lazy.dashboard = serialize(dashboard);
  return { rendered: { eager, lazy, objectCount: objects.length } };
}

function pairOf(stored: StoredPair): CachedPair {
  if (!('rendered' in stored)) return stored;
  const rendered = { ...stored.rendered.eager } as RenderedProject;
  for (const field of LAZY) {
    const bytes = stored.rendered.lazy[field];
    if (bytes) defineLazy(rendered, field, bytes);
  }
  objectCounts.set(rendered, stored.rendered.objectCount);
  return { rendered };
}

export interface RenderCacheOptions {
  /** Folder of the entries; created when first written. */
  dir: string;
  /** Identity of the code that renders (the built CLI's digest): a new build never reads an old build's entries. */
  codeVersion: string;
}

export class RenderCache implements TextSource {
  writes = 0;
  /** The key of each rendered project-environment this cache served or stored, for its texts. */
  private readonly keys = new WeakMap<RenderedProject, string>();
  /** Why writing failed, the first time it did (the render goes on without the cache). */
  writeError: string | undefined;
  private pruned = false;

  constructor(readonly options: RenderCacheOptions) {}

  /** A salt for the keys: the code, the node version that runs it, and the entry format. */
  get salt(): string {
    return `deployment-all render cache ${FORMAT}\0${this.options.codeVersion}\0${process.version}\0`;
  }

  /** The entry's file (`v8`), or a text's beside it. */
  private path(key: string, extension = 'v8'): string {
    return join(this.options.dir, key.slice(0, 2), `${key}.${extension}`);
  }

  get(key: string): CachedPair | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path(key));
    } catch {
      return undefined;
    }
    try {
      const entry = deserialize(bytes) as { format?: number; pair?: StoredPair } | undefined;
      if (entry?.format !== FORMAT || !entry.pair) return undefined;
      const pair = pairOf(entry.pair);
      if ('rendered' in pair) this.keys.set(pair.rendered, key);
      return pair;
    } catch {
      return undefined; // a torn or foreign file: rendered again and rewritten
    }
  }

  put(key: string, pair: CachedPair): void {
    if ('rendered' in pair) this.keys.set(pair.rendered, key);
    if (this.write(this.path(key), serialize({ format: FORMAT, pair: storedOf(pair) }))) this.writes++;
  }

  /**
   * A text made from a rendered project-environment, stored beside its entry: the same
   * inputs make the same text, and formatting thousands of objects as YAML costs more
   * than rendering them.
   */
  readonly text: TextOf = (item, kind, make) => {
    const key = this.keys.get(item);
    if (key === undefined) return make();
    const path = this.path(key, kind);
    try {
      return readFileSync(path, 'utf8');
    } catch {
      const text = make();
      this.write(path, text);
      return text;
    }
  };

  /** A text's id: its entry's key names everything the text is made of. */
  id(item: RenderedProject, kind: string): string | undefined {
    const key = this.keys.get(item);
    return key === undefined ? undefined : `render-cache:${key}.${kind}`;
  }

  /** Writes a file atomically; false (and the reason kept) when it cannot. */
  private write(path: string, content: string | Buffer): boolean {
    if (this.writeError !== undefined) return false;
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(temporary, content);
      renameSync(temporary, path);
    } catch (error) {
      this.writeError = `${this.options.dir}: ${(error as Error).message}`;
      try {
        rmSync(temporary, { force: true });
      } catch {
        // nothing was written
      }
      return false;
    }
    if (!this.pruned) this.prune();
    return true;
  }

  /** Removes entries older than two weeks, when the last pruning is a day old. */
  private prune(): void {
    this.pruned = true;
    const marker = join(this.options.dir, 'pruned-at');
    const now = Date.now();
    try {
      if (now - statSync(marker).mtimeMs < PRUNE_EVERY_MS) return;
    } catch {
      // never pruned: prune now
    }
    try {
      writeFileSync(marker, new Date(now).toISOString() + '\n');
      for (const shard of readdirSync(this.options.dir, { withFileTypes: true })) {
        if (!shard.isDirectory()) continue;
        const dir = join(this.options.dir, shard.name);
        for (const file of readdirSync(dir)) {
          const path = join(dir, file);
          if (now - statSync(path).mtimeMs > MAX_AGE_MS) rmSync(path, { force: true });
        }
      }
    } catch {
      // another process pruning or deleting the folder at the same time: next time
    }
  }
}
