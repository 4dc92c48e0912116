/**
 * One project's vars for one environment: the template rendered, the YAML parsed,
 * validated against the schema, and the environment's override merged in.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Problem } from '../lib/errors.js';
import { TemplateError, type TemplateEngine } from './engine/index.js';
import type { EnvironmentDef } from './inventory.js';
import type { ProjectSource } from './projects.js';
import type { ProjectOverride, ProjectVars } from './schema/project-vars-schema.js';
import { validateProjectVars } from './schema/project-vars-validator.js';
import { validateAgainstSchema } from './schema/validate.js';
import { parseYamlSource, YamlSyntaxError, type PathSegment, type YamlSource } from './yaml-source.js';
import { isRecord } from '../lib/is-record.js';

export interface LoadedVars {
  /** False when the project is disabled (globally or for this environment). */
  enabled: boolean;
  vars: ProjectVars;
  lineOf: (path: PathSegment[], key?: string) => number | undefined;
  /** True when lines of the rendered text may differ from the source's. */
  renderedLines: boolean;
}

/** Problems from a template failure, located in the innermost template file (relative to `root` when inside it). */
export function templateProblems(error: unknown, file: string, root?: string): Problem[] {
  if (!(error instanceof TemplateError)) throw error;
  let where = error.file || file;
  if (root && isAbsolute(where) && !relative(root, where).startsWith('..')) where = relative(root, where);
  return [{ file: where, line: error.line, message: error.detail }];
}

/** Maps merge key by key; lists and scalars are replaced. */
export function mergeOverride<T extends Record<string, unknown>>(base: T, override: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? mergeOverride(current, value) : value;
  }
  return out as T;
}

/** Reads the source once per project; rendering happens per environment. */
export function readVarsSource(root: string, project: ProjectSource): string {
  return readFileSync(join(root, project.varsFile), 'utf8');
}

export function loadProjectVars(
  engine: TemplateEngine,
  project: ProjectSource,
  text: string,
  environment: EnvironmentDef,
  knownEnvironments: readonly string[],
  context: Record<string, unknown>,
): { result?: LoadedVars; problems: Problem[] } {
  const file = project.varsFile;
  if (text.trim() === '') {
    return { problems: [{ file, message: 'the file is empty; describe the project (e.g. a deployment:) or delete the folder' }] };
  }
  let rendered: string;
  try {
    rendered = engine.renderString(text, context, file);
  } catch (error) {
    return { problems: templateProblems(error, file) };
  }
  const renderedLines = /\{%|\{#/.test(text);
  let source: YamlSource;
  try {
    source = parseYamlSource(rendered, file);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    return { problems: error.problems.map((p) => ({ ...p, renderedLine: renderedLines && p.line !== undefined })) };
  }
  if (source.data === null || source.data === undefined) {
    return { problems: [{ file, message: 'renders to an empty document; describe the project (e.g. a deployment:) or set enabled: false' }] };
  }
  const problems = validateAgainstSchema(validateProjectVars, source.data, file, source).map((p) => ({
    ...p,
    renderedLine: renderedLines && p.line !== undefined,
  }));
  const vars = source.data as ProjectVars;
  for (const name of Object.keys(isRecord(source.data) ? (vars.environments ?? {}) : {})) {
    if (!knownEnvironments.includes(name)) {
      problems.push({
        file,
        line: source.lineOf(['environments'], name),
        path: `environments.${name}`,
        message: `unknown environment "${name}"; known: ${knownEnvironments.join(', ')} (inventory/environments/)`,
        renderedLine: renderedLines,
      });
    }
  }
  if (problems.length > 0) return { problems };
  const setting = vars.environments?.[environment.name];
  const { environments: _environments, enabled, ...base } = vars;
  let merged: ProjectVars = base;
  let enabledHere = enabled !== false && setting !== false;
  if (isRecord(setting)) {
    const { enabled: enabledOverride, ...values } = setting as ProjectOverride;
    if (enabledOverride !== undefined) enabledHere = enabled !== false && enabledOverride;
    merged = mergeOverride(base, values);
    // An override can remove nothing but can add a deployment without an image.
    const mergedProblems = validateAgainstSchema(validateProjectVars, merged, file).map((p) => ({
      ...p,
      line: source.lineOf(['environments', environment.name]),
      renderedLine: renderedLines,
      message: `${p.message} (after merging environments.${environment.name})`,
    }));
    if (mergedProblems.length > 0) return { problems: mergedProblems };
  }
  return { result: { enabled: enabledHere, vars: merged, lineOf: source.lineOf, renderedLines }, problems: [] };
}
