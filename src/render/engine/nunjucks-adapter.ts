/**
 * The one seam between the engine and Nunjucks: the only module that loads Nunjucks,
 * reaches its internals (lexer, parser, compiler, node classes, private members) or
 * knows the wording of its errors. The engine extends Nunjucks 3.2.4's undocumented
 * internals, so any other version is refused at load time instead of misbehaving.
 * Nunjucks ships no types for its internals; the shapes below are the subset used.
 */
import { createRequire } from 'node:module';
import { DeploymentAllError } from '../../lib/errors.js';

/** The Nunjucks version whose internals this module and the engine are written against (package.json pins it). */
export const PINNED_NUNJUCKS_VERSION = '3.2.4';

/** The installed Nunjucks is not the version the engine is built on (an installation to fix, reported without a stack). */
export class NunjucksVersionError extends DeploymentAllError {
  override readonly name = 'NunjucksVersionError';
}

/** Throw a NunjucksVersionError unless `found` (the installed version, from `where`) is `pinned`. */
export function checkNunjucksVersion(found: string | undefined, where: string, pinned: string = PINNED_NUNJUCKS_VERSION): void {
  if (found === pinned) return;
  throw new NunjucksVersionError(
    `deployment-all's template engine is built on Nunjucks ${pinned}'s internals; found ${found ?? 'an unknown version'} (${where}): install the pinned version (npm ci)`,
  );
}

const require = createRequire(import.meta.url);
// Checked before Nunjucks itself is loaded: its package.json is all that is read.
checkNunjucksVersion((require('nunjucks/package.json') as { version?: string }).version, require.resolve('nunjucks/package.json'));

// ---------------------------------------------------------------------------------------------
// Shapes

/** A parse-tree node; fields vary by node type, hence the index signature. */
export interface NjNode {
  typename: string;
  lineno: number;
  colno: number;
  children: NjNode[];
  fields?: string[];
  value?: unknown;
  [field: string]: unknown;
}

/** A node class (built-in or made by defineNode). */
export type NjNodeClass = new (lineno: number, colno: number, ...rest: unknown[]) => NjNode;

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

/** The lexer token types the parser tests for. */
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

/** The pieces of a nunjucks Environment the engine touches. */
export interface NjEnvironment {
  addFilter(name: string, fn: (...args: never[]) => unknown): void;
  addGlobal(name: string, value: unknown): void;
  addTest(name: string, fn: (...args: never[]) => unknown): void;
  getFilter(name: string): (...args: unknown[]) => unknown;
  getTest(name: string): (...args: unknown[]) => unknown;
  getTemplate(name: string, eagerCompile?: boolean): NjTemplate;
}

export interface NjTemplate {
  path: string;
  render(context: Record<string, unknown>): string;
}

/** A Nunjucks loader (see template-loader.ts): `getSource` returns null for "not found here". */
export type NjLoader = object;

/** A Nunjucks node as its class sees it: `findAll` collects descendants of a class. */
interface NodeInternals extends NjNode {
  findAll(type: NjNodeClass): NjNode[];
}

const nunjucks = require('nunjucks') as {
  Environment: new (loaders: unknown, opts: Record<string, unknown>) => NjEnvironment & Record<string, unknown>;
  Template: new (src: { type: 'code'; obj: unknown }, env: NjEnvironment, path: string) => NjTemplate;
  Loader: new () => object;
  runtime: { Frame: new () => NjFrame };
  lib: { TemplateError: new (message: string, lineno?: number, colno?: number) => Error };
  lexer: Record<TokenName, string> & { lex(src: string, opts: Record<string, unknown>): Tokenizer };
  nodes: Record<string, NjNodeClass & { extend(name: string, props: { fields: string[] }): NjNodeClass }>;
  parser: { Parser: new (tokens: unknown) => object };
  compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => object };
};
const nodes = nunjucks.nodes;

// ---------------------------------------------------------------------------------------------
// Lexer

/** The lexer's token type names (`tokens.TOKEN_SYMBOL`, ...). */
export const tokens = Object.freeze(Object.fromEntries(Object.entries(nunjucks.lexer).filter(([name]) => name.startsWith('TOKEN_')))) as Readonly<
  Record<TokenName, string>
>;

/** The Nunjucks tokenizer, as the Python-literal hooks of jinja-lexer.ts drive it. */
export interface Tokenizer {
  str: string;
  index: number;
  in_code: boolean;
  /** `{` opened and not closed in the current tag (ours: a `}}` inside a dict literal closes the dict). */
  curlyDepth?: number;
  back(): void;
  nextToken(): NjToken | null;
  forwardN(n: number): void;
  current(): string;
  forward(): void;
  isFinished(): boolean;
}

/** How the engine reads string literals and post-processes each token. */
export interface LexerHooks {
  /** Read a string literal; the tokenizer is at its opening `delimiter`. */
  parseString(this: Tokenizer, delimiter: string): string;
  /** The next token, given Nunjucks' own `base` reading of it. */
  nextToken(this: Tokenizer, base: () => NjToken | null): NjToken | null;
}

/** Tokenize `src` with Nunjucks' lexer and the engine's hooks. */
export function lex(src: string, hooks: LexerHooks): Tokenizer {
  const tokenizer = nunjucks.lexer.lex(src, {}) as Tokenizer & { _parseString(delimiter: string): string; src?: string };
  tokenizer._parseString = hooks.parseString;
  const base = tokenizer.nextToken.bind(tokenizer);
  tokenizer.nextToken = function nextToken(this: Tokenizer) {
    return hooks.nextToken.call(this, base);
  };
  // Tokenizer.back() reads `this.src` (upstream typo for `this.str`) when it steps back over a
  // newline, which `{% endraw %}` does after trim_blocks moved a newline into the tag.
  tokenizer.src = tokenizer.str;
  return tokenizer;
}

/** A syntax error at a 1-based position, as Nunjucks' parser throws them (compileTemplate reads them with syntaxErrorDetail). */
export function syntaxError(message: string, lineno?: number, colno?: number): Error {
  return new nunjucks.lib.TemplateError(message, lineno, colno);
}

// ---------------------------------------------------------------------------------------------
// Nodes

/** A new node of one of Nunjucks' built-in types (`Literal`, `Group`, ...). */
export function createNode(type: string, lineno: number, colno: number, ...rest: unknown[]): NjNode {
  const Ctor = nodes[type];
  if (!Ctor) throw new Error(`nunjucks node type ${type} missing`);
  return new Ctor(lineno, colno, ...rest);
}

/**
 * A node class of our own, compiled by the compiler's `compile<name>` method. It is kept out of
 * Nunjucks' shared `nodes` registry, so other Nunjucks users in the process never see it.
 */
export function defineNode(name: string, fields: string[]): NjNodeClass {
  return nodes.Node!.extend(name, { fields });
}

/** The descendants of `node` of the built-in `type` (and its subtypes), in tree order. */
export function findAll(node: NjNode, type: string): NjNode[] {
  return (node as NodeInternals).findAll(nodes[type]!);
}

/** True if `value` is a node of the built-in `type` or a subtype (not a type guard: every node is an NjNode). */
function isA(value: unknown, type: string): boolean {
  return value instanceof nodes[type]!;
}

/** Each child node of `node` in place of itself (Nunjucks' own walk order: list children, else the declared fields). */
function mapChildren(node: NjNode, fn: (child: NjNode) => NjNode): void {
  if (isA(node, 'NodeList')) {
    node.children = node.children.map((child) => (isA(child, 'Node') ? fn(child) : child));
    return;
  }
  for (const field of node.fields ?? []) {
    const value = node[field];
    if (isA(value, 'Node')) node[field] = fn(value as NjNode);
  }
}

/** Replace every `super()` call inside `node` by `symbol`; true if there was one. */
function replaceSuperCalls(node: NjNode, symbol: string): boolean {
  let found = false;
  const visit = (child: NjNode): NjNode => {
    if (isA(child, 'FunCall') && (child.name as NjNode).value === 'super') {
      found = true;
      return new nodes.Symbol!(child.lineno, child.colno, symbol);
    }
    mapChildren(child, visit);
    return child;
  };
  mapChildren(node, visit);
  return found;
}

/**
 * What Nunjucks' transformer does for a synchronous environment: in each block, `super()` becomes
 * a symbol bound by a Super node at the block's start (an outer block's walk reaches the super
 * calls of blocks nested in it first, as upstream). Done in place, so our own node types need no
 * registry entry to be rebuilt.
 */
export function liftSuper(root: NjNode): NjNode {
  let counter = 0;
  const visit = (node: NjNode): NjNode => {
    if (isA(node, 'Block')) {
      const symbol = `hole_${counter++}`;
      const body = node.body as NjNode;
      if (replaceSuperCalls(body, symbol)) {
        body.children.unshift(new nodes.Super!(0, 0, node.name, new nodes.Symbol!(0, 0, symbol)));
      }
    }
    mapChildren(node, visit);
    return node;
  };
  return visit(root);
}

// ---------------------------------------------------------------------------------------------
// Parser

/** The parser methods the Jinja2 parser uses and overrides (the nunjucks Parser is untyped). */
export interface ParserBase {
  peekToken(): NjToken;
  nextToken(): NjToken;
  skip(type: string): boolean;
  skipSymbol(name: string): boolean;
  skipValue(type: string, value: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  breakOnBlocks: string[] | null;
  parseStatement(): NjNode | null;
  parseExpression(): NjNode;
  parseOr(): NjNode;
  parsePrimary(noPostfix?: boolean): NjNode;
  parseCompare(): NjNode;
  parseSignature(tolerant?: boolean, noParens?: boolean): NjNode;
  parseFilterName(): NjNode;
  parseUntilBlocks(...names: string[]): NjNode;
  advanceAfterBlockEnd(name?: string): NjToken;
}

/** Nunjucks' Parser, to be extended. */
export const BaseParser = nunjucks.parser.Parser as unknown as new (tokens: Tokenizer) => ParserBase;

/** Parse a whole template with a parser class derived from BaseParser (no extensions). */
export function parseRoot(Parser: new (tokens: Tokenizer) => ParserBase, tokenizer: Tokenizer): NjNode {
  const parser = new Parser(tokenizer) as ParserBase & { extensions: unknown[]; parseAsRoot(): NjNode };
  parser.extensions = [];
  return parser.parseAsRoot();
}

// ---------------------------------------------------------------------------------------------
// Compiler

/** Nunjucks' private compiler members, used only here. */
interface CompilerPrivates {
  codebuf: string[];
  _scopeClosers: string;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _pushBuffer(): string;
  _popBuffer(): void;
  _withScopedSyntax(fn: () => void): void;
  _addScopeLevel(): void;
  _closeScopeLevels(): void;
  _templateName(): string;
  _compileGetTemplate(node: NjNode, frame: NjFrame, eager: boolean, ignoreMissing: boolean): string;
  _compileAggregate(node: NjNode, frame: NjFrame, start?: string, end?: string): void;
  _compileExpression(node: NjNode, frame: NjFrame): void;
  _compileMacro(node: NjNode, frame?: NjFrame): string;
  _makeCallback(res?: string): string;
  _getNodeName(node: NjNode): string;
  _emitFuncBegin(node: NjNode, name: string): void;
  _emitFuncEnd(noReturn?: boolean): void;
}

/**
 * The compiler as the engine's `compile<Node>` methods see it: Nunjucks' emitter under public
 * names, and hooks (emitFuncBegin, emitFuncEnd, makeCallback, compileMacroFunction,
 * compileExpressionNode) that Nunjucks' own methods call and the engine may override.
 */
export interface Emitter {
  /** The JS variable the current function writes its output to. */
  buffer: string;
  templateName: string;
  /** True while compiling block functions (after the root function). */
  inBlock: boolean;
  /** 0-based lines whose columns are shifted by the whitespace rewrite. */
  shiftedLines?: Set<number>;
  emit(code: string): void;
  emitLine(code: string): void;
  /** An empty piece of code to fill in later, once what it must say is known. */
  placeholder(): (code: string) => void;
  /** A fresh JS identifier. */
  tmpid(): string;
  pushBuffer(): string;
  popBuffer(): void;
  withScopedSyntax(fn: () => void): void;
  addScopeLevel(): void;
  closeScopeLevels(): void;
  /** Forget the scope levels opened in the previous function (a new function starts). */
  resetScopeClosers(): void;
  /** The template name as a JS expression. */
  templateNameLiteral(): string;
  compileGetTemplateCall(node: NjNode, frame: NjFrame, eager: boolean, ignoreMissing: boolean): string;
  compileAggregateOf(node: NjNode, frame: NjFrame, start?: string, end?: string): void;
  nodeName(node: NjNode): string;
  emitFuncBegin(node: NjNode, name: string): void;
  emitFuncEnd(noReturn?: boolean): void;
  makeCallback(res?: string): string;
  compileMacroFunction(node: NjNode, frame?: NjFrame): string;
  compileExpressionNode(node: NjNode, frame: NjFrame): void;
  compile(node: NjNode, frame: NjFrame | undefined): void;
  compileCondition(node: NjNode, frame: NjFrame): void;
  fail(message: string, lineno?: number, colno?: number): never;
}

type Internal = Emitter & CompilerPrivates;
const upstream = nunjucks.compiler.Compiler.prototype as unknown as CompilerPrivates & Record<string, (...args: unknown[]) => unknown>;

const adapted: ThisType<Internal> & Record<string, unknown> = {
  emit(this: Internal, code: string) {
    this._emit(code);
  },
  emitLine(this: Internal, code: string) {
    this._emitLine(code);
  },
  placeholder(this: Internal) {
    const at = this.codebuf.length;
    this._emit('');
    return (code: string) => {
      this.codebuf[at] = code;
    };
  },
  tmpid(this: Internal) {
    return this._tmpid();
  },
  pushBuffer(this: Internal) {
    return this._pushBuffer();
  },
  popBuffer(this: Internal) {
    this._popBuffer();
  },
  withScopedSyntax(this: Internal, fn: () => void) {
    this._withScopedSyntax(fn);
  },
  addScopeLevel(this: Internal) {
    this._addScopeLevel();
  },
  closeScopeLevels(this: Internal) {
    this._closeScopeLevels();
  },
  resetScopeClosers(this: Internal) {
    this._scopeClosers = '';
  },
  templateNameLiteral(this: Internal) {
    return this._templateName();
  },
  compileGetTemplateCall(this: Internal, node: NjNode, frame: NjFrame, eager: boolean, ignoreMissing: boolean) {
    return this._compileGetTemplate(node, frame, eager, ignoreMissing);
  },
  compileAggregateOf(this: Internal, node: NjNode, frame: NjFrame, start?: string, end?: string) {
    this._compileAggregate(node, frame, start, end);
  },
  nodeName(this: Internal, node: NjNode) {
    return this._getNodeName(node);
  },
  // Hooks: Nunjucks calls the private name, the engine overrides the public one (default: upstream's).
  _emitFuncBegin(this: Internal, node: NjNode, name: string) {
    this.emitFuncBegin(node, name);
  },
  emitFuncBegin(this: Internal, node: NjNode, name: string) {
    upstream._emitFuncBegin.call(this, node, name);
  },
  _emitFuncEnd(this: Internal, noReturn?: boolean) {
    this.emitFuncEnd(noReturn);
  },
  emitFuncEnd(this: Internal, noReturn?: boolean) {
    upstream._emitFuncEnd.call(this, noReturn);
  },
  _makeCallback(this: Internal, res?: string) {
    return this.makeCallback(res);
  },
  makeCallback(this: Internal, res?: string) {
    return upstream._makeCallback.call(this, res);
  },
  _compileMacro(this: Internal, node: NjNode, frame?: NjFrame) {
    return this.compileMacroFunction(node, frame);
  },
  compileMacroFunction(this: Internal, node: NjNode, frame?: NjFrame) {
    return upstream._compileMacro.call(this, node, frame);
  },
  _compileExpression(this: Internal, node: NjNode, frame: NjFrame) {
    this.compileExpressionNode(node, frame);
  },
  compileExpressionNode(this: Internal, node: NjNode, frame: NjFrame) {
    upstream._compileExpression.call(this, node, frame);
  },
};
class AdaptedCompiler extends (nunjucks.compiler.Compiler as new (name: string, throwOnUndefined: boolean) => object) {}
Object.assign(AdaptedCompiler.prototype, adapted);

/** Nunjucks' Compiler under the Emitter names; extend it and override `compile<Node>` methods or the hooks. */
export const BaseCompiler = AdaptedCompiler as unknown as new (name: string, throwOnUndefined: boolean) => Emitter & { getCode(): string };

/** The compile-time Frame (name -> JS variable) nunjucks uses. */
export const CompileFrame = nunjucks.runtime.Frame;

// ---------------------------------------------------------------------------------------------
// Environment and templates

/** How the engine's environment is set up. */
export interface EnvironmentSetup {
  /** The engine's runtime helpers, read by compiled code as `env.jj`. */
  runtime: object;
  /** The error to throw when an include, import or extends names a missing template. */
  templateNotFound(name: string): Error;
}

/** A Nunjucks Environment for Jinja2 semantics: no autoescape, undefined handled by the compiled code. */
export function createEnvironment(loader: NjLoader, setup: EnvironmentSetup): NjEnvironment {
  const env = new nunjucks.Environment([loader], { autoescape: false, dev: true, throwOnUndefined: false });
  env.jj = setup.runtime;
  const getTemplate = env.getTemplate.bind(env) as (...args: unknown[]) => NjTemplate;
  env.getTemplate = ((...args: unknown[]) => {
    try {
      return getTemplate(...args);
    } catch (error) {
      if (nunjucksErrorKind(error) === 'template-not-found') throw setup.templateNotFound(String(args[0]));
      throw error;
    }
  }) as NjEnvironment['getTemplate'];
  return env;
}

/** A template of `env` from code compiled by compileTemplate, named `path` in errors. */
export function templateFromCode(code: unknown, env: NjEnvironment, path: string): NjTemplate {
  return new nunjucks.Template({ type: 'code', obj: code }, env, path);
}

// ---------------------------------------------------------------------------------------------
// Errors: Nunjucks throws plain Errors (or its TemplateError) told apart by wording only.

/** Nunjucks' errors that the engine maps to its own, by the start of their message. */
const ERROR_KINDS: ReadonlyArray<readonly [kind: 'template-not-found', messageStart: string]> = [['template-not-found', 'template not found']];

/** Which of Nunjucks' errors `error` is, if one the engine treats specially. */
export function nunjucksErrorKind(error: unknown): 'template-not-found' | undefined {
  if (!(error instanceof Error)) return undefined;
  return ERROR_KINDS.find(([, start]) => error.message.startsWith(start))?.[0];
}

/**
 * The message of an error without what Nunjucks' TemplateError adds: the "(path) [Line n,
 * Column m]" prefix (the location is kept apart) and an "Error: " or "Template render error: ".
 */
export function nunjucksMessage(error: unknown): string {
  return String((error as { message?: unknown }).message)
    .replace(/^\([^)]*\)(?: \[Line \d+, Column \d+\])?\s*/, '')
    .replace(/^(Error|Template render error): /, '');
}

/** True for Nunjucks' own TemplateError (a syntax error, or a render error it wrapped). */
export function isNunjucksError(error: unknown): boolean {
  return error instanceof nunjucks.lib.TemplateError;
}

/**
 * Make a render leave `error` as it is: Nunjucks calls `Update(path)` on any error passing
 * through a template to prefix its own location, and `error` is already located.
 */
export function keepLocation(error: Error): void {
  Object.defineProperty(error, 'Update', { value: () => error, enumerable: false });
}

/**
 * A parser error without a position (Nunjucks' "unexpected end of file" and the like) placed at
 * `token` with `note` added; an error that has a position is left alone.
 */
export function placeUnlocatedError(error: unknown, token: NjToken, note: string): void {
  const e = error as { lineno?: number; colno?: number; message: string };
  if (e.lineno !== undefined) return;
  e.lineno = token.lineno + 1;
  e.colno = token.colno + 1;
  e.message += ` (${note})`;
}

/** The 1-based position Nunjucks' parser and lexer errors carry, if any. */
export function nunjucksErrorPosition(error: unknown): { lineno?: number; colno?: number } {
  const { lineno, colno } = error as { lineno?: number; colno?: number };
  return { lineno, colno };
}
