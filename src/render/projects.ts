/**
 * Finds the projects of a deployment repository: one folder per project under
 * `projects/`, holding `project-vars.yml.j2` and optional raw templates.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../lib/errors.js';
import { dnsLabelProblem } from './objects/names.js';

export const PROJECT_VARS_FILE = 'project-vars.yml.j2';

/** Raw templates: any other `*.yml.j2`/`*.yaml.j2` next to the vars, rendered with the same context. */
const RAW_TEMPLATE = /\.ya?ml\.j2$/;

export interface ProjectSource {
  name: string;
  /** Folder, relative to the repository root. */
  dir: string;
  /** The vars template, relative to the root. */
  varsFile: string;
  /** Raw templates, relative to the root, sorted. */
  rawTemplates: string[];
}

export interface ProjectListing {
  projects: ProjectSource[];
  problems: Problem[];
}

/** Why a project name given on the command line or as a folder cannot be used, if it cannot. */
export function projectNameProblem(name: string): string | undefined {
  if (name.includes('/') || name.includes('\\') || name.includes('..') || name === '.') {
    return `project name "${name}" must be a plain folder name under projects/ (no "/", "\\" or "..")`;
  }
  const dns = dnsLabelProblem(name);
  return dns ? `project name ${dns}` : undefined;
}

/** Lists every project folder; folders with a bad name or without vars are reported. */
export function listProjects(root: string): ProjectListing {
  const base = join(root, 'projects');
  const problems: Problem[] = [];
  if (!existsSync(base)) return { projects: [], problems: [{ file: 'projects', message: 'missing: create projects/<name>/project-vars.yml.j2' }] };
  const projects: ProjectSource[] = [];
  for (const entry of readdirSync(base, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const dir = join('projects', entry.name);
    if (!entry.isDirectory()) {
      problems.push({ file: dir, message: 'not a folder: every project is a folder holding project-vars.yml.j2' });
      continue;
    }
    const nameProblem = projectNameProblem(entry.name);
    if (nameProblem) {
      problems.push({ file: dir, message: nameProblem });
      continue;
    }
    const files = readdirSync(join(root, dir)).sort();
    if (!files.includes(PROJECT_VARS_FILE)) {
      problems.push({ file: dir, message: `missing ${PROJECT_VARS_FILE}` });
      continue;
    }
    const rawTemplates = files.filter((f) => f !== PROJECT_VARS_FILE && RAW_TEMPLATE.test(f) && statSync(join(root, dir, f)).isFile()).map((f) => join(dir, f));
    projects.push({ name: entry.name, dir, varsFile: join(dir, PROJECT_VARS_FILE), rawTemplates });
  }
  return { projects, problems };
}
