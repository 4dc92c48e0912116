/**
 * The template an `{% include %}` names: one name, or the first existing of a list (Jinja2's
 * select_template), or nothing when `ignore missing` and none exists. `load` is the compiled
 * template's loader call (compiler-templates.ts).
 */
import { str } from './py-values.js';
import { TemplateNotFound, TemplatesNotFound } from './template-error.js';
import { Undefined } from './undefined.js';

export function selectTemplate<T>(load: (name: string) => T, names: unknown, ignoreMissing: boolean): T | null {
  if (names instanceof Undefined) names.fail();
  const candidates = Array.isArray(names) ? names : [names];
  if (candidates.length === 0) throw new TemplatesNotFound('Tried to select from an empty list of templates.');
  for (const name of candidates) {
    try {
      return load(str(name));
    } catch (error) {
      if (!(error instanceof TemplateNotFound)) throw error;
      if (!Array.isArray(names) && !ignoreMissing) throw error;
    }
  }
  if (ignoreMissing) return null;
  throw new TemplatesNotFound(`none of the templates given were found: ${candidates.map(str).join(', ')}`);
}
