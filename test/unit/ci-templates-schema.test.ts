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

  it('the schema is really applied: a template with a typo fails', () => {
    const broken = readFileSync(join(FOLDER, 'image.yml'), 'utf8').replace('  artifacts:\n', '  artifact:\n');
    expect(schemaErrors(parse(broken)).length).toBeGreaterThan(0);
  });
});
