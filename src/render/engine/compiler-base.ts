/**
 * The Nunjucks Compiler as seen by the Jinja2 patches: the emitter methods
 * they call (the upstream class is untyped).
 */
import { nunjucks, type NjFrame, type NjNode } from './nunjucks-internals.js';

export interface Emitter {
  buffer: string;
  templateName: string;
  lastId: number;
  /** 0-based lines whose columns are shifted by the whitespace rewrite. */
  shiftedLines?: Set<number>;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _pushBuffer(): string;
  _popBuffer(): void;
  _withScopedSyntax(fn: () => void): void;
  _addScopeLevel(): void;
  _templateName(): string;
  _compileGetTemplate(node: NjNode, frame: NjFrame, eager: boolean, ignoreMissing: boolean): string;
  _compileAggregate(node: NjNode, frame: NjFrame, start?: string, end?: string): void;
  _compileExpression(node: NjNode, frame: NjFrame): void;
  _compileMacro(node: NjNode, frame?: NjFrame): string;
  _makeCallback(res?: string): string;
  _getNodeName(node: NjNode): string;
  compile(node: NjNode, frame: NjFrame | undefined): void;
  compileCondition(node: NjNode, frame: NjFrame): void;
  fail(message: string, lineno?: number, colno?: number): never;
}

export const BaseCompiler = nunjucks.compiler.Compiler as unknown as new (name: string, throwOnUndefined: boolean) => Emitter;

/** The compile-time Frame (name -> JS variable) nunjucks uses. */
export const CompileFrame = nunjucks.runtime.Frame as unknown as new () => NjFrame;

/** A JS string literal for `value`. */
export function js(value: string): string {
  return JSON.stringify(value);
}

/** The source column of a node: lines after a trimmed block tag start with the moved `%}` (see whitespace.ts). */
export function sourceColumn(emitter: Emitter, lineno: number, colno: number): number {
  return emitter.shiftedLines?.has(lineno) && colno >= 2 ? colno - 2 : colno;
}

/** Emit `lineno = N, colno = M` so a runtime error reports where it happened. */
export function position(emitter: Emitter, node: NjNode): string {
  return `lineno = ${node.lineno}, colno = ${sourceColumn(emitter, node.lineno, node.colno)}`;
}
