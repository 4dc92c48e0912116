/**
 * The Ansible files of one environment's VM groups: an inventory (YAML) with each group's
 * values as group vars and each host's as host vars, one playbook per group rendered from
 * templates/ansible/playbook.yml.j2, and the roles copied from templates/ansible/roles/.
 * Pure apart from reading the templates; nothing secret is in any of it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dump } from 'js-yaml';
import type { TemplateEngine } from '../render/engine/index.js';
import type { VmGroupModel } from './vm-group-model.js';

/** A file to write under `<out>/<environment>/ansible/`. */
export interface AnsibleFile {
  path: string;
  content: string;
}

export const INVENTORY_FILE = 'inventory.yml';

/** The playbook file of a group, relative to the environment's ansible folder. */
export function playbookFile(project: string): string {
  return `${project}.yml`;
}

/** Role files (path relative to roles/ -> content), the first template folder defining a role winning. */
function roleFiles(searchPath: readonly string[]): AnsibleFile[] {
  const roles = new Map<string, AnsibleFile[]>();
  for (const dir of searchPath) {
    const base = join(dir, 'ansible', 'roles');
    if (!existsSync(base)) continue;
    for (const role of readdirSync(base).sort()) {
      if (roles.has(role)) continue;
      const files: AnsibleFile[] = [];
      const walk = (d: string): void => {
        for (const entry of readdirSync(d).sort()) {
          const path = join(d, entry);
          if (statSync(path).isDirectory()) walk(path);
          else files.push({ path: join('roles', relative(base, path)), content: readFileSync(path, 'utf8') });
        }
      };
      walk(join(base, role));
      roles.set(role, files);
    }
  }
  return [...roles.values()].flat();
}

function groupVars(model: VmGroupModel, hash: string): Record<string, unknown> {
  return {
    vm_project: model.project,
    vm_environment: model.environment,
    vm_render_hash: hash,
    vm_packages: model.packages,
    vm_users: model.users,
    vm_files: model.files,
    vm_services: model.services,
    vm_timers: model.timers,
    vm_secrets: model.secrets,
  };
}

export interface RenderedVmGroups {
  files: AnsibleFile[];
  /** sha256 of each group's own inputs (vars, hosts, playbook, roles), by project. */
  hashes: Map<string, string>;
}

/** Every Ansible file of one environment's groups (sorted by project). */
export function renderAnsible(
  engine: TemplateEngine,
  searchPath: readonly string[],
  groups: readonly VmGroupModel[],
  context: (model: VmGroupModel) => Record<string, unknown>,
): RenderedVmGroups {
  const roles = roleFiles(searchPath);
  const rolesDigest = createHash('sha256');
  for (const f of roles) rolesDigest.update(f.path).update('\0').update(f.content).update('\0');
  const rolesHash = rolesDigest.digest('hex');
  const children: Record<string, unknown> = {};
  const files: AnsibleFile[] = [];
  const hashes = new Map<string, string>();
  for (const model of [...groups].sort((a, b) => a.project.localeCompare(b.project))) {
    const playbook = engine.renderFile('ansible/playbook.yml.j2', { ...context(model), group: model.group });
    const hosts = Object.fromEntries(model.hosts.map((h) => [h.name, { ...h.connection, vm_reboot_on_calendar: h.reboot_on_calendar }]));
    const hash = createHash('sha256')
      .update(JSON.stringify([groupVars(model, ''), hosts, playbook, rolesHash]))
      .digest('hex');
    hashes.set(model.project, hash);
    children[model.group] = { hosts, vars: groupVars(model, hash) };
    files.push({ path: playbookFile(model.project), content: playbook });
  }
  const inventory = dump({ all: { children } }, { noRefs: true, lineWidth: -1, sortKeys: false });
  return { files: [{ path: INVENTORY_FILE, content: inventory }, ...files, ...roles], hashes };
}
