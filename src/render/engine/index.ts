/**
 * The Jinja2-compatible template engine: Nunjucks patched for Jinja2 3.1
 * semantics. This is the folder's only public surface.
 */
export { createTemplateEngine } from './template-engine.js';
export type { TemplateEngine, TemplateEngineOptions, TemplateFilter } from './template-engine.js';
export { TemplateError } from './template-error.js';
export { notText } from './py-values.js';
