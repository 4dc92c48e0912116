/**
 * The engine: one nunjucks Environment configured for Jinja2 3.1 semantics
 * (no autoescape, StrictUndefined, trim_blocks, lstrip_blocks, trailing
 * newline kept), with Jinja2's filters, tests and globals plus our
 * Kubernetes helpers, rendering synchronously and caching compiled templates.
 */
import { collectionFilters } from './filters-collections.js';
import { formatFilters } from './filters-format.js';
import { htmlFilters } from './filters-html.js';
import { serializeFilters } from './filters-serialize.js';
import { textFilters } from './filters-text.js';
import { compileTemplate } from './jinja-compiler.js';
import { jinjaGlobals } from './jinja-globals.js';
import { jinjaTests } from './jinja-tests.js';
import { createEnvironment, templateFromCode, type NjEnvironment, type NjTemplate } from './nunjucks-adapter.js';
import { runtimeHelpers } from './runtime-helpers.js';
import { locate, TemplateError, TemplateNotFound } from './template-error.js';
import { JinjaLoader } from './template-loader.js';

/** A filter or global function: Jinja2 passes any Python values, so arguments are untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- filters accept arbitrary template values
export type TemplateFilter = (...args: any[]) => unknown;

/** How an engine finds templates and what every template sees beyond the render context. */
export interface TemplateEngineOptions {
  /** Folders searched in order for import/include/extends and for renderFile with a relative name. */
  searchPaths: string[];
  /** Extra globals (functions or values) visible in every template, including imported macros. */
  globals?: Record<string, unknown>;
  /** Extra filters. Called with the value, the positional arguments, then (if any) an object of the keyword arguments. */
  filters?: Record<string, TemplateFilter>;
}

/** Renders Jinja2 templates synchronously; one engine per repository, reused for every render. */
export interface TemplateEngine {
  /** Render a file (absolute path, or a name resolved through searchPaths). Synchronous. Compiled templates are cached for the engine's lifetime. */
  renderFile(file: string, context: Record<string, unknown>): string;
  /** Render source text; `name` is the file name used in error messages. */
  renderString(source: string, context: Record<string, unknown>, name: string): string;
  /** Make a value or function visible to every template (including imported macro files). */
  addGlobal(name: string, value: unknown): void;
  /** Add or replace a filter (see TemplateEngineOptions.filters for the calling convention). */
  addFilter(name: string, fn: TemplateFilter): void;
}

function configure(env: NjEnvironment): void {
  for (const [name, test] of Object.entries(jinjaTests)) env.addTest(name, test as (...args: never[]) => unknown);
  for (const [name, filter] of Object.entries({ ...textFilters, ...collectionFilters, ...serializeFilters, ...formatFilters, ...htmlFilters })) {
    env.addFilter(name, filter as (...args: never[]) => unknown);
  }
  env.addFilter('d', collectionFilters.default as (...args: never[]) => unknown);
  for (const [name, value] of Object.entries(jinjaGlobals)) env.addGlobal(name, value);
}

/** Run a render, turning anything thrown into a TemplateError located at least in `file`. */
function rendering(file: string, render: () => string): string {
  try {
    return render();
  } catch (error) {
    throw error instanceof TemplateError ? error : locate(error, file);
  }
}

/**
 * A template engine with Jinja2 3.1 semantics (StrictUndefined, trim_blocks, lstrip_blocks,
 * trailing newline kept, no autoescape), Jinja2's filters, tests and globals, and to_yaml,
 * to_json, b64encode, b64decode and sha256. Every failure is thrown as a TemplateError.
 */
export function createTemplateEngine(options: TemplateEngineOptions): TemplateEngine {
  const loader = new JinjaLoader(options.searchPaths);
  const env = createEnvironment(loader, {
    runtime: runtimeHelpers,
    // Name the search paths when an include/import/extends names a missing template.
    templateNotFound: (name) => new TemplateNotFound(`template '${name}' not found in ${options.searchPaths.join(', ') || 'no search paths'}`),
  });
  configure(env);
  for (const [name, value] of Object.entries(options.globals ?? {})) env.addGlobal(name, value);
  for (const [name, fn] of Object.entries(options.filters ?? {})) env.addFilter(name, fn);
  const fromSource = new Map<string, NjTemplate>();
  // Names already found once: the compiled template is cached, so skip the file-system check.
  const known = new Set<string>();

  return {
    renderFile(file, context) {
      return rendering(file, () => {
        if (!known.has(file)) {
          if (loader.resolve(file) === undefined) {
            throw new TemplateError(`template not found (searched ${options.searchPaths.join(', ') || 'no search paths'})`, { file });
          }
          known.add(file);
        }
        return env.getTemplate(file, true).render(context);
      });
    },
    renderString(source, context, name) {
      return rendering(name, () => {
        const key = `${name}\0${source}`;
        let template = fromSource.get(key);
        if (template === undefined) {
          template = templateFromCode(compileTemplate(source, name), env, name);
          fromSource.set(key, template);
        }
        return template.render(context);
      });
    },
    addGlobal(name, value) {
      env.addGlobal(name, value);
    },
    addFilter(name, fn) {
      env.addFilter(name, fn);
    },
  };
}
