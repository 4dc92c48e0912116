/**
 * Typed access to the Nunjucks internals the engine extends (parser, compiler,
 * node classes, lexer constants). Nunjucks ships no types for them, so the
 * shapes below are the narrow subset this folder relies on.
 */
import { createRequire } from 'node:module';

/** A parse-tree node; fields vary by node type, hence the index signature. */
export interface NjNode {
  typename: string;
  lineno: number;
  colno: number;
  children: NjNode[];
  value?: unknown;
  [field: string]: unknown;
}

/** A node class as produced by `Node.extend`. */
export type NjNodeClass = (new (lineno: number, colno: number, ...rest: unknown[]) => NjNode) & {
  extend(name: string, props?: { fields: string[] }): NjNodeClass;
};

export interface NjToken {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/** The Frame used by the compiler at compile time (name -> JS variable id). */
export interface NjFrame {
  variables: Record<string, string>;
  parent: NjFrame | null;
  set(name: string, value: string): void;
  lookup(name: string): string | undefined;
  push(isolateWrites?: boolean): NjFrame;
}

/** The lexer token types the parser patches test for. */
type TokenName =
  | 'TOKEN_COMMA'
  | 'TOKEN_SYMBOL'
  | 'TOKEN_STRING'
  | 'TOKEN_INT'
  | 'TOKEN_FLOAT'
  | 'TOKEN_LEFT_BRACKET'
  | 'TOKEN_RIGHT_BRACKET'
  | 'TOKEN_LEFT_CURLY'
  | 'TOKEN_LEFT_PAREN'
  | 'TOKEN_RIGHT_PAREN'
  | 'TOKEN_RIGHT_CURLY'
  | 'TOKEN_NONE'
  | 'TOKEN_BOOLEAN'
  | 'TOKEN_OPERATOR'
  | 'TOKEN_COLON'
  | 'TOKEN_BLOCK_END'
  | 'TOKEN_VARIABLE_END'
  | 'TOKEN_PIPE';

const require = createRequire(import.meta.url);

/** The nunjucks CommonJS module (typed loosely: internals are untyped upstream). */
export const nunjucks = require('nunjucks') as {
  Environment: new (loaders: unknown, opts: Record<string, unknown>) => NjEnvironment;
  Template: new (src: { type: 'code'; obj: unknown }, env: NjEnvironment, path: string) => NjTemplate;
  Loader: new () => object;
  runtime: { Frame: new () => unknown; SafeString: new (s: string) => object };
  lib: { TemplateError: new (message: string, lineno?: number, colno?: number) => Error };
  lexer: Record<TokenName, string> & { lex(src: string, opts: Record<string, unknown>): unknown };
  nodes: Record<string, NjNodeClass>;
  parser: { Parser: new (tokens: unknown) => object };
  compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => object };
};

/** The pieces of a nunjucks Environment the engine touches. */
export interface NjEnvironment {
  addFilter(name: string, fn: (...args: never[]) => unknown): void;
  addGlobal(name: string, value: unknown): void;
  getFilter(name: string): (...args: unknown[]) => unknown;
  getTest(name: string): (...args: unknown[]) => unknown;
  getTemplate(name: string, eagerCompile?: boolean): NjTemplate;
  tests: Record<string, unknown>;
  filters: Record<string, unknown>;
  globals: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface NjTemplate {
  path: string;
  render(context: Record<string, unknown>): string;
}

/** transformer.js is not re-exported by the nunjucks index; load it by path. */
export const transformer = require('nunjucks/src/transformer.js') as {
  transform(ast: NjNode, asyncFilters: string[], name: string): NjNode;
};

export const lexer = nunjucks.lexer;
export const nodes = nunjucks.nodes;
