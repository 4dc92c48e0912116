/**
 * ProjectModel -> Kubernetes objects, through the macros in templates/ (entry point
 * templates/project.yml.j2), plus the project's raw templates.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import type { Problem } from '../lib/errors.js';
import type { TemplateEngine } from './engine/index.js';
import type { ProjectModel } from './model/project-model.js';
import { KINDS, kindOrder } from './objects/kinds.js';
import type { K8sObject } from './objects/k8s-object.js';
import { validateObject } from './objects/validate-object.js';
import { templateProblems } from './project-vars.js';
import { parseYamlDocuments, YamlSyntaxError } from './yaml-source.js';

/** The macro entry point, resolved through the engine's search path (templates/). */
export const PROJECT_TEMPLATE = 'project.yml.j2';

/** Raw objects get our labels and the environment's namespace, so ownership and pruning see them. */
function adoptRawObject(obj: K8sObject, model: ProjectModel): K8sObject {
  const metadata = { ...obj.metadata };
  metadata.labels = { ...(metadata.labels ?? {}), ...model.labels };
  if (KINDS[obj.kind]?.namespaced && metadata.namespace === undefined) metadata.namespace = model.namespace;
  return { ...obj, metadata };
}

function checked(docs: unknown[], file: string, problems: Problem[]): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of docs) {
    const found = validateObject(doc);
    if (found.length > 0) problems.push(...found.map((message) => ({ file, message })));
    else objects.push(doc as K8sObject);
  }
  return objects;
}

/** Renders every object of the project; problems name the template file. */
export function expandProject(
  engine: TemplateEngine,
  root: string,
  model: ProjectModel,
  context: Record<string, unknown>,
  rawTemplates: readonly string[],
): { objects: K8sObject[]; problems: Problem[]; hash: string } {
  const problems: Problem[] = [];
  // The objects are a function of these texts and the model's labels and namespace:
  // hashing the texts is much cheaper than serializing the objects again.
  const hash = createHash('sha256').update(model.namespace).update('\u0000').update(JSON.stringify(model.labels));
  const objects: K8sObject[] = [];
  let text: string | undefined;
  try {
    text = engine.renderFile(PROJECT_TEMPLATE, { ...context, project: model });
  } catch (error) {
    problems.push(...templateProblems(error, `templates/${PROJECT_TEMPLATE}`, root));
  }
  if (text !== undefined) {
    hash.update('\u0000').update(text);
    try {
      const docs = parseDocuments(text);
      objects.push(...checked(docs, `templates/${PROJECT_TEMPLATE} (project ${model.name}, environment ${model.environment})`, problems));
    } catch (error) {
      problems.push({
        file: `templates/${PROJECT_TEMPLATE}`,
        message: `rendered invalid YAML for project ${model.name}: ${(error as Error).message.split('\n')[0]}`,
      });
    }
  }
  for (const file of rawTemplates) {
    let rendered: string;
    try {
      rendered = engine.renderString(readFileSync(join(root, file), 'utf8'), context, file);
    } catch (error) {
      problems.push(...templateProblems(error, file, root));
      continue;
    }
    hash.update('\u0000').update(file).update('\u0000').update(rendered);
    try {
      const docs = parseYamlDocuments(rendered, file).map((source) => source.data);
      const raw = checked(docs, file, problems).map((obj) => adoptRawObject(obj, model));
      objects.push(...raw);
    } catch (error) {
      if (error instanceof YamlSyntaxError) problems.push(...error.problems);
      else throw error;
    }
  }
  const seen = new Map<string, true>();
  for (const obj of objects) {
    const id = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    if (seen.has(id))
      problems.push({
        file: rawTemplates[0] ?? `templates/${PROJECT_TEMPLATE}`,
        message: `${obj.kind}/${obj.metadata.name}: rendered twice in project ${model.name}; names must be unique per kind`,
      });
    seen.set(id, true);
  }
  return { objects: sortForApply(objects), problems, hash: hash.digest('hex') };
}

/**
 * The bundled macros write one JSON object per `---` document; JSON.parse reads that
 * many times faster than a YAML parser. Macros that write block YAML (a repository's
 * own) still work: any document that is not JSON sends the whole text to js-yaml.
 */
export function parseDocuments(text: string): unknown[] {
  const asYaml = (): unknown[] => loadAll(text, undefined, { schema: CORE_SCHEMA }).filter((d) => d !== null && d !== undefined);
  const docs: unknown[] = [];
  for (const chunk of text.split(/^---[ \t]*$/m)) {
    const trimmed = chunk.trim();
    if (trimmed === '') continue;
    if (trimmed[0] !== '{') return asYaml();
    try {
      docs.push(JSON.parse(trimmed));
    } catch {
      return asYaml();
    }
  }
  return docs;
}

/** Apply order: kind (in the order of KINDS), then name. Stable output for diffs and golden files. */
export function sortForApply(objects: K8sObject[]): K8sObject[] {
  return [...objects].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.metadata.name.localeCompare(b.metadata.name));
}
