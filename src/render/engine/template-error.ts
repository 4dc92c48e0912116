/**
 * TemplateError: the one error type the engine throws, whatever failed
 * (syntax, undefined name, a filter or global throwing). It carries the
 * innermost template file and line, and keeps the original error as `cause`.
 */
import { isNunjucksError, keepLocation, nunjucksMessage } from './nunjucks-adapter.js';
import { UndefinedError } from './undefined.js';

export interface TemplateErrorLocation {
  file: string;
  line?: number;
  column?: number;
  cause?: unknown;
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError' as const;
  /** The template file where it happened (the innermost, e.g. the imported macro file). */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /** What went wrong, without the location prefix. */
  readonly detail: string;

  constructor(detail: string, location: TemplateErrorLocation) {
    const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
    super(`${where}: ${detail}`, location.cause === undefined ? undefined : { cause: location.cause });
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.detail = detail;
    // The location here is already the innermost one.
    keepLocation(this);
  }
}

/** Jinja2's TemplateRuntimeError: a template asked for something impossible at render time (a required block left undefined, two extends). */
export class TemplateRuntimeError extends Error {
  override readonly name = 'TemplateRuntimeError';
}

/** No template of that name in the search paths (Jinja2's TemplateNotFound). */
export class TemplateNotFound extends Error {
  override readonly name = 'TemplateNotFound';
}

/** None of the names of an `{% include [...] %}` list exists (Jinja2's TemplatesNotFound). */
export class TemplatesNotFound extends Error {
  override readonly name = 'TemplatesNotFound';
}

/** A short description of an arbitrary thrown value, with a hint for undefined names. */
function describe(error: unknown): string {
  if (error instanceof UndefinedError) {
    return `${error.message} (define it, or guard it with "is defined" or "| default(...)")`;
  }
  if (error instanceof TemplateNotFound) return error.message;
  if (error instanceof Error) {
    const message = nunjucksMessage(error);
    return error.name === 'Error' || isNunjucksError(error) || (error.name === 'TypeError' && message.startsWith("'")) ? message : `${error.name}: ${message}`;
  }
  return String(error);
}

/**
 * Wrap `error` as a TemplateError located in `file` at the 0-based `lineno`/`colno`
 * the compiled template tracks. An error already located (in an inner template
 * or macro) is returned unchanged so the innermost location wins.
 */
export function locate(error: unknown, file: string, lineno?: number, colno?: number): TemplateError {
  if (error instanceof TemplateError) return error;
  const line = lineno === undefined ? undefined : lineno + 1;
  const column = colno === undefined ? undefined : colno + 1;
  return new TemplateError(describe(error), { file, line, column, cause: error });
}
