/**
 * Helpers shared by the Jinja2 `compile<Node>` methods. The compiler they run in is
 * Nunjucks' behind nunjucks-adapter.ts (BaseCompiler, CompileFrame, Emitter).
 */
import type { Emitter, NjNode } from './nunjucks-adapter.js';

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
