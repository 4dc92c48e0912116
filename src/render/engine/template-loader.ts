/**
 * Loads templates for import/include/extends and renderFile the way Jinja2's
 * FileSystemLoader does (a name is looked up in each search path in order;
 * absolute paths are read as they are), compiled with the Jinja2 compiler.
 * The nunjucks Environment caches what this returns for its lifetime.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileTemplate, type CompiledTemplate } from './jinja-compiler.js';

interface LoadedSource {
  src: { type: 'code'; obj: CompiledTemplate };
  path: string;
  noCache: boolean;
}

export class JinjaLoader {
  private readonly searchPaths: readonly string[];

  constructor(searchPaths: readonly string[]) {
    this.searchPaths = searchPaths;
  }

  /** The file a template name refers to, or undefined if no search path has it. */
  resolve(name: string): string | undefined {
    if (path.isAbsolute(name)) return existsSync(name) ? name : undefined;
    // Like Jinja2's FileSystemLoader, a name may not climb out of the search paths.
    if (name.split(/[\\/]/).includes('..')) return undefined;
    for (const dir of this.searchPaths) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    return undefined;
  }

  /** Called by nunjucks; null means "not found here" (so `include ... ignore missing` works). */
  getSource(name: string): LoadedSource | null {
    const file = this.resolve(name);
    if (file === undefined) return null;
    return { src: { type: 'code', obj: compileTemplate(readFileSync(file, 'utf8'), file) }, path: file, noCache: false };
  }
}
