/**
 * YAML syntax errors as problems a maintainer can act on: one per place, the first
 * and clearest. The parser reports every token after a broken line as an error of
 * its own (one extra "]" gave 72), so only the first place that breaks the document
 * is reported, with its clearest error, worded as what to do, and located where the
 * author must edit: a quote or bracket that is never closed is reported on the line
 * that opened it, not at the end of the file. Duplicate keys before it, which break
 * nothing after them, are kept.
 */
import type { Document, LineCounter, YAMLError } from 'yaml';
import type { Problem } from '../lib/errors.js';
import { positional } from './yaml-positional.js';

/** An opening quote or bracket whose closing one never came: [start, end) of its node. */
interface Unclosed {
  start: number;
  end: number;
  opener: string;
  closer: string;
}

const CLOSERS: Record<string, string> = { '"': '"', "'": "'", '[': ']', '{': '}' };

function unclosedNodes(doc: Document, text: string): Unclosed[] {
  const { isCollection, isScalar, visit } = positional();
  const found: Unclosed[] = [];
  visit(doc, (_key, node) => {
    const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    if (!quoted && !(isCollection(node) && node.flow)) return;
    const range = (node as { range?: [number, number, number] }).range;
    if (!range) return;
    const opener = text[range[0]] ?? '';
    const closer = CLOSERS[opener];
    if (closer !== undefined && (range[1] - range[0] < 2 || text[range[1] - 1] !== closer)) found.push({ start: range[0], end: range[2], opener, closer });
  });
  return found;
}

interface Candidate {
  offset: number;
  message: string;
  /** Lower is clearer, when several errors share the first line. */
  rank: number;
  /** False for errors after which the rest still parses as written (a duplicate key). */
  breaksDocument: boolean;
}

/** The library's message (parsed without prettyErrors: no position, no excerpt), starting lower-case like ours. */
function libraryMessage(error: YAMLError): string {
  const message = error.message.split('\n')[0] || error.code;
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function quoteToken(token: string): string {
  const short = token.length > 20 ? `${token.slice(0, 20)}…` : token;
  return JSON.stringify(short);
}

/** A key where none may start: a list item among map keys, a second ": " in a value, or a key indented so deep it continues the value above. */
function implicitKey(start: number, text: string, lineFromHere: string): Candidate {
  if (lineFromHere.startsWith('-')) {
    return {
      offset: start,
      message: 'a list item where a key of the map above was expected; check the indentation of this line',
      rank: 3,
      breaksDocument: true,
    };
  }
  const colon = /:(\s|$)/m.exec(text.slice(start));
  const newline = colon ? text.lastIndexOf('\n', start + colon.index) : -1;
  if (colon && newline >= start) {
    const lineStart = newline + 1;
    const offset = lineStart + (/\S/.exec(text.slice(lineStart))?.index ?? 0);
    return {
      offset,
      message: 'this key is indented deeper than the keys above it, so it continues the value of the line above; line it up with them',
      rank: 3,
      breaksDocument: true,
    };
  }
  return {
    offset: start,
    message: 'a second ": " in a value starts a nested map; quote the value, or write the nested map on lines of its own',
    rank: 3,
    breaksDocument: true,
  };
}

function candidate(error: YAMLError, text: string, unclosed: readonly Unclosed[]): Candidate {
  const [start, end] = error.pos;
  const breaks = { breaksDocument: true };
  const opened = unclosed.filter((u) => u.start < start && start <= u.end).sort((a, b) => a.start - b.start)[0];
  if (opened && (error.code === 'MISSING_CHAR' || error.code === 'BAD_INDENT')) {
    const what =
      opened.opener === '"' || opened.opener === "'"
        ? `the ${opened.opener} quote opened here is never closed`
        : `the "${opened.opener}" opened here is never closed`;
    return { offset: opened.start, message: `${what}; add the closing ${opened.closer}`, rank: 1, ...breaks };
  }
  const lineFromHere = text.slice(start, text.indexOf('\n', start) === -1 ? undefined : text.indexOf('\n', start)).trimStart();
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { offset: start, message: 'a tab in the indentation; YAML indents with spaces only', rank: 0, ...breaks };
    case 'DUPLICATE_KEY':
      return {
        offset: start,
        message: `key ${quoteToken(lineFromHere.replace(/:(\s.*)?$/, ''))} is already in this map above; keep one of them`,
        rank: 2,
        breaksDocument: false,
      };
    case 'BAD_INDENT':
      return { offset: start, message: `${libraryMessage(error)}; line this one up with the items above it`, rank: 2, ...breaks };
    case 'BAD_SCALAR_START':
      return { offset: start, message: `${libraryMessage(error)}; quote the value`, rank: 2, ...breaks };
    case 'UNEXPECTED_TOKEN':
      return {
        offset: start,
        message: `unexpected ${quoteToken(text.slice(start, Math.max(end, start + 1)))}; remove it, or quote the whole value if it is text`,
        rank: 3,
        ...breaks,
      };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return implicitKey(start, text, lineFromHere);
    case 'MULTILINE_IMPLICIT_KEY': {
      // Usually the same key as a BLOCK_AS_IMPLICIT_KEY error; the clearer one wins.
      const deeper = implicitKey(start, text, lineFromHere);
      return deeper.offset !== start ? deeper : { offset: start, message: libraryMessage(error), rank: 5, ...breaks };
    }
    default:
      return { offset: start, message: libraryMessage(error), rank: 4, ...breaks };
  }
}

/** The problems of one parsed document: duplicate keys, then the first place that breaks it; none when it parsed. */
export function syntaxProblems(doc: Document, text: string, counter: LineCounter, file: string): Problem[] {
  if (doc.errors.length === 0) return [];
  const unclosed = unclosedNodes(doc, text);
  const byLine = new Map<number, { best: Candidate; breaksDocument: boolean }>();
  for (const error of doc.errors) {
    const found = candidate(error, text, unclosed);
    const line = counter.linePos(found.offset).line;
    const place = byLine.get(line);
    if (!place) byLine.set(line, { best: found, breaksDocument: found.breaksDocument });
    else {
      if (found.rank < place.best.rank || (found.rank === place.best.rank && found.offset < place.best.offset)) place.best = found;
      place.breaksDocument ||= found.breaksDocument;
    }
  }
  const problems: Problem[] = [];
  for (const [line, place] of [...byLine.entries()].sort(([a], [b]) => a - b)) {
    problems.push({ file, line, message: `invalid YAML: ${place.best.message}` });
    if (place.breaksDocument) break;
  }
  return problems;
}
