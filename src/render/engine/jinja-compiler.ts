/**
 * Compile Jinja2 source to the code object a nunjucks Template runs: the
 * whitespace rules of whitespace.ts, the JinjaParser, and the Nunjucks
 * Compiler with the Python-semantics methods of compiler-expressions.ts and
 * compiler-statements.ts.
 */
import { sourceColumn } from './compiler-base.js';
import { expressionMethods, operatorMethods } from './compiler-expressions.js';
import { loopMethods } from './compiler-loops.js';
import { statementMethods } from './compiler-statements.js';
import { templateMethods } from './compiler-templates.js';
import { parseTemplate } from './jinja-parser.js';
import { BaseCompiler, liftSuper, nunjucksErrorPosition, nunjucksMessage, type Emitter } from './nunjucks-adapter.js';
import { TemplateError } from './template-error.js';
import { applyJinjaWhitespace } from './whitespace.js';

class JinjaCompiler extends BaseCompiler {}
Object.assign(JinjaCompiler.prototype, expressionMethods, operatorMethods, statementMethods, loopMethods, templateMethods);

/** Jinja2 normalises template newlines to "\n" (its default newline_sequence); line numbers are unchanged. */
function normalizeNewlines(source: string): string {
  return source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
}

/** What `new Function(code)()` returns: the root render function and one per block. */
export type CompiledTemplate = Record<string, unknown>;

/** Compile `source` (named `file` in errors) to a template code object; syntax errors become TemplateErrors. */
export function compileTemplate(source: string, file: string): CompiledTemplate {
  let code: string;
  const shiftedLines = new Set<number>();
  try {
    const parsed = parseTemplate(applyJinjaWhitespace(normalizeNewlines(source), shiftedLines));
    // Skipping the tree walk when there is no `super()` to rewrite makes compiling about a sixth faster.
    const ast = source.includes('super') ? liftSuper(parsed) : parsed;
    const compiler = new JinjaCompiler(file, false) as JinjaCompiler & { mentions: Set<string> };
    compiler.mentions = new Set(['varargs', 'kwargs'].filter((name) => source.includes(name)));
    compiler.shiftedLines = shiftedLines;
    compiler.compile(ast, undefined);
    code = compiler.getCode();
  } catch (error) {
    const e = nunjucksErrorPosition(error);
    const detail = nunjucksMessage(error);
    // Parser positions are 1-based; the shift map is by 0-based line.
    const column = e.lineno === undefined || e.colno === undefined ? e.colno : sourceColumn({ shiftedLines } as Emitter, e.lineno - 1, e.colno - 1) + 1;
    throw new TemplateError(`syntax error: ${detail}`, { file, line: e.lineno, column, cause: error });
  }
  return new Function(code)() as CompiledTemplate;
}
