/**
 * One file of a render's output: its text, made only when needed, and, when known
 * without making it, an id of its bytes. A render cache key names everything a
 * project-environment's texts are made of, so it is such an id: `render --out` keeps a
 * file of its previous output whose id is unchanged without reading or making its text.
 */
import type { RenderedProject } from './render-repository.js';

export interface OutputFile {
  /** Same id, same bytes. Undefined: the file is identified by its text. */
  id?: string;
  text(): string;
}

/** Makes a text of one rendered project-environment (its YAML, its rule file), or reads it from the cache. */
export type TextOf = (item: RenderedProject, kind: string, make: () => string) => string;

/** Where the texts of rendered project-environments come from: made, or the render cache. */
export interface TextSource {
  text: TextOf;
  /** The id of a text's bytes (see OutputFile), if known without making it. */
  id(item: RenderedProject, kind: string): string | undefined;
}

/** Without a cache: every text is made, and identified by itself. */
export const madeTexts: TextSource = { text: (_item, _kind, make) => make(), id: () => undefined };

/** The `kind` text of `item` (e.g. `yaml`, `rules.yml`) as an output file. */
export function projectFile(source: TextSource, item: RenderedProject, kind: string, make: () => string): OutputFile {
  const id = source.id(item, kind);
  const text = (): string => source.text(item, kind, make);
  return id === undefined ? { text } : { id, text };
}

/** A file whose text is already made. */
export function madeFile(text: string): OutputFile {
  return { text: () => text };
}
