/**
 * The job templates of templates/gitlab-ci/ validate against GitLab's CI JSON schema, alone
 * (as a repository includes one) and all together (as this repository's .gitlab-ci.yml does).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { gitlabCiSchema } from '../helpers/gitlab-ci-schema.js';

const FOLDER = join(REPOSITORY_ROOT, 'templates/gitlab-ci');

function schemaErrors(document: unknown): string[] {
  const { validate } = gitlabCiSchema();
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe("templates/gitlab-ci against GitLab's CI schema", () => {
  const files = readdirSync(FOLDER).filter((name) => name.endsWith('.yml'));

  it('has the lint/test, gate, image and trigger templates', () => {
    expect(files.sort()).toEqual(['coverage-gate.yml', 'image.yml', 'node.yml', 'python.yml', 'trigger.yml']);
  });

  it.each(files)('%s validates, and every variable has a default and a description', (name) => {
    const document = parse(readFileSync(join(FOLDER, name), 'utf8')) as { variables?: Record<string, { value?: unknown; description?: unknown }> };
    expect(schemaErrors(document)).toEqual([]);
    for (const [variable, spec] of Object.entries(document.variables ?? {})) {
      expect(typeof spec.value, `${name}: variables.${variable}.value`).toBe('string');
      expect(typeof spec.description, `${name}: variables.${variable}.description`).toBe('string');
    }
  });

  it.each(files)("%s: every job sets its image and before_script, so that an including repository's defaults do not leak in", (name) => {
    const document = parse(readFileSync(join(FOLDER, name), 'utf8')) as Record<string, { extends?: string; image?: string; before_script?: string[] }>;
    const jobs = Object.keys(document).filter((key) => key !== 'variables' && !key.startsWith('.'));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const own = document[job] ?? {};
      const resolved = { ...(own.extends ? document[own.extends] : {}), ...own };
      expect(resolved.image, `${name}: ${job}.image`).toMatch(/^\$[A-Z_]+_IMAGE$/);
      expect(Array.isArray(resolved.before_script), `${name}: ${job}.before_script`).toBe(true);
    }
  });

  it('the schema is really applied: a template with a typo fails', () => {
    const broken = readFileSync(join(FOLDER, 'image.yml'), 'utf8').replace('  artifacts:\n', '  artifact:\n');
    expect(schemaErrors(parse(broken)).length).toBeGreaterThan(0);
  });
});
