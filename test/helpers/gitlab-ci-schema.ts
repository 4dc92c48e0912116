/**
 * GitLab's CI JSON schema (the one its editor uses), as shipped inside the pinned PyPI
 * package check-jsonschema (vendor/gitlab-ci.json, licence vendor/licenses/LICENSE.gitlab)
 * in the reference Python environment of requirements-dev.txt, compiled with ajv.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { referencePython } from '../../scripts/reference-python.mjs';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface GitlabCiSchema {
  file: string;
  licence: string;
  validate: ValidateFunction;
}

let cached: GitlabCiSchema | undefined;

/** The vendored schema's folder inside the installed check_jsonschema package. */
function vendorFolder(): string {
  const code = 'import importlib.util as u; print(u.find_spec("check_jsonschema").submodule_search_locations[0])';
  const pkg = execFileSync(referencePython(), ['-c', code], { encoding: 'utf8' }).trim();
  return join(pkg, 'builtin_schemas', 'vendor');
}

export function gitlabCiSchema(): GitlabCiSchema {
  if (cached) return cached;
  const vendor = vendorFolder();
  const file = join(vendor, 'gitlab-ci.json');
  const licence = join(vendor, 'licenses', 'LICENSE.gitlab');
  if (!existsSync(file) || !existsSync(licence))
    throw new Error(`check-jsonschema has no ${file} (or its licence): is requirements-dev.txt's version installed?`);
  // strict: false because GitLab's schema carries editor keywords (markdownDescription) ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  cached = { file, licence, validate: ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object) };
  return cached;
}
