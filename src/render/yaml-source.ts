/**
 * Parses user-written YAML (project vars, inventory, raw templates) keeping positions,
 * so that a problem found later by path can still name its line.
 */
import { CORE_SCHEMA, load, loadAll } from 'js-yaml';
import type { Document, LineCounter } from 'yaml';
import type { Problem } from '../lib/errors.js';
import { positional } from './yaml-positional.js';
import { syntaxProblems } from './yaml-syntax-problems.js';

/** Aliases resolved per document before we call it a "billion laughs" attack. */
const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;

/** A parsed YAML document and a way back from a path to its line. */
export interface YamlSource {
  data: unknown;
  /** 1-based line of the value at `path`, or of the key `key` inside that map. */
  lineOf(path: readonly PathSegment[], key?: string): number | undefined;
}

/** Parse failed: the problems say where. */
export class YamlSyntaxError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

function sourceOf(doc: Document, counter: LineCounter, offset: number): YamlSource {
  const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  return {
    data,
    lineOf(path, key) {
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      if (key !== undefined && positional().isMap(node)) {
        const { isPair, isScalar } = positional();
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
        const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
        if (keyNode?.range) return counter.linePos(keyNode.range[0]).line + offset;
      }
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      return range ? counter.linePos(range[0]).line + offset : undefined;
    },
  };
}

function aliasProblem(error: unknown, file: string): Problem {
  const text = error instanceof Error ? error.message : String(error);
  const bomb = /alias/i.test(text);
  return {
    file,
    message: bomb ? `too many YAML aliases (more than ${MAX_ALIAS_COUNT}); refusing a possible "billion laughs" document` : `invalid YAML: ${text}`,
  };
}

/** An anchor (`&name`) makes aliases possible: then only the alias-counting parser is safe. */
const ANCHOR = /(^|[\s[{,:-])&[^\s]/m;

/**
 * Parses one YAML document (YAML 1.2 core schema). Throws YamlSyntaxError with
 * located problems. The common case (valid, no anchors) takes the fast js-yaml
 * parser; positions are computed only when a problem needs a line.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  if (!ANCHOR.test(text)) {
    let data: unknown;
    try {
      data = load(text, { schema: CORE_SCHEMA, filename: file });
    } catch {
      return parsePositioned(text, file); // reports the error with its line
    }
    let positioned: YamlSource | undefined;
    return {
      data,
      lineOf(path, key) {
        positioned ??= parsePositioned(text, file);
        return positioned.lineOf(path, key);
      },
    };
  }
  return parsePositioned(text, file);
}

function parsePositioned(text: string, file: string): YamlSource {
  const { LineCounter: Counter, parseDocument } = positional();
  const counter = new Counter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const problems = syntaxProblems(doc, text, counter, file);
  if (problems.length > 0) throw new YamlSyntaxError(problems);
  try {
    return sourceOf(doc, counter, 0);
  } catch (error) {
    throw new YamlSyntaxError([aliasProblem(error, file)]);
  }
}

/** Parses a multi-document YAML stream (raw templates); empty documents are dropped. */
export function parseYamlDocuments(text: string, file: string): YamlSource[] {
  if (!ANCHOR.test(text)) {
    try {
      const docs = loadAll(text, undefined, { schema: CORE_SCHEMA, filename: file }).filter((d) => d !== null && d !== undefined);
      return docs.map((data) => ({ data, lineOf: () => undefined }));
    } catch {
      // fall through: the positioned parser names the line
    }
  }
  const { LineCounter: Counter, parseAllDocuments } = positional();
  const counter = new Counter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) {
    throw new YamlSyntaxError([{ file, message: 'invalid YAML stream' }]);
  }
  const problems = docs.flatMap((doc) => syntaxProblems(doc, text, counter, file));
  if (problems.length > 0) throw new YamlSyntaxError(problems);
  const sources: YamlSource[] = [];
  for (const doc of docs) {
    try {
      const source = sourceOf(doc, counter, 0);
      if (source.data !== null && source.data !== undefined) sources.push(source);
    } catch (error) {
      throw new YamlSyntaxError([aliasProblem(error, file)]);
    }
  }
  return sources;
}

/** `deployment.variables[2].NAME` from path segments. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text || '(document)';
}
