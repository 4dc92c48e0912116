/**
 * One VM group for one environment, from its vars: hosts resolved (listed or from the
 * environment's host group), cron schedules turned into timers, files rendered from the
 * project's templates, secrets kept as names. Pure apart from reading the templates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../lib/errors.js';
import type { TemplateEngine } from '../render/engine/index.js';
import type { EnvironmentDef } from '../render/inventory.js';
import { templateProblems } from '../render/project-vars.js';
import type { SecretsCatalogue } from '../render/schema/inventory-schema.js';
import type { VmGroupVars, VmHost } from '../render/schema/vm-group-schema.js';
import type { PathSegment } from '../render/yaml-source.js';
import { CronScheduleError, cronToOnCalendar } from './cron-calendar.js';
import { rebootWindows } from './reboot-window.js';

export interface VmGroupHost {
  name: string;
  /** Ansible's connection variables (ansible_host, ansible_connection, ...). */
  connection: Record<string, string | number>;
  /** systemd OnCalendar= of the host's weekly reboot window. */
  reboot_on_calendar: string;
}

export interface VmGroupModel {
  project: string;
  environment: string;
  /** Ansible group name: the project name with `_` for `-`. */
  group: string;
  hosts: VmGroupHost[];
  packages: string[];
  users: { name: string; groups: string[]; shell: string; ssh_keys: string[] }[];
  files: { path: string; owner: string; group: string; mode: string; content_b64: string }[];
  services: { name: string; enabled: boolean; state: 'started' | 'stopped'; restart_on: string[] }[];
  timers: { unit: string; on_calendar: string[]; command: string; user: string; schedule: string }[];
  /** Names only: the value reaches Ansible at apply time through the environment variable `env`. */
  secrets: { path: string; secret: string; env: string; owner: string; group: string }[];
}

export interface VmGroupInput {
  root: string;
  project: string;
  projectDir: string;
  file: string;
  environment: EnvironmentDef;
  knownEnvironments: readonly string[];
  vars: VmGroupVars;
  catalogue: SecretsCatalogue;
  engine: TemplateEngine;
  context: Record<string, unknown>;
  lineOf: (path: PathSegment[], key?: string) => number | undefined;
  renderedLines: boolean;
}

/** The environment variable that carries a secret's value to Ansible during apply. */
export function secretEnvName(secret: string): string {
  return `DEPLOYMENT_ALL_SECRET_${secret}`;
}

function hostsOf(input: VmGroupInput, problem: (path: PathSegment[], message: string) => void): VmHost[] {
  const { vars, environment } = input;
  const listed = vars.hosts?.[environment.name];
  if (listed && listed.length > 0) return listed;
  if (vars.host_group === undefined) return [];
  const groups = environment.host_groups ?? {};
  const found = groups[vars.host_group];
  if (!found) {
    const known = Object.keys(groups);
    problem(
      ['vm_group', 'host_group'],
      `host group "${vars.host_group}" is not in inventory/environments/${environment.name}.yml host_groups (known: ${known.length > 0 ? known.join(', ') : 'none'}); add it there or list the hosts under vm_group.hosts.${environment.name}`,
    );
    return [];
  }
  return found;
}

function connectionOf(host: VmHost): Record<string, string | number> {
  const out: Record<string, string | number> = { ansible_host: host.address ?? host.name, ansible_python_interpreter: '/usr/bin/python3' };
  if (host.connection === 'chroot') out.ansible_connection = 'community.general.chroot';
  else if (host.connection === 'local') out.ansible_connection = 'local';
  if (host.user !== undefined) out.ansible_user = host.user;
  if (host.port !== undefined) out.ansible_port = host.port;
  return out;
}

/** The group's model, or the problems found (all of them). */
export function buildVmGroup(input: VmGroupInput): { model?: VmGroupModel; problems: Problem[] } {
  const { vars, project, file } = input;
  const problems: Problem[] = [];
  const problem = (path: PathSegment[], message: string): void => {
    problems.push({
      file,
      line: input.lineOf(path),
      path: path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join(''),
      message,
      renderedLine: input.renderedLines,
    });
  };
  for (const env of Object.keys(vars.hosts ?? {})) {
    if (!input.knownEnvironments.includes(env)) {
      problem(['vm_group', 'hosts', env], `unknown environment "${env}"; known: ${input.knownEnvironments.join(', ')} (inventory/environments/)`);
    }
  }
  const hosts = hostsOf(input, problem);
  const windows = rebootWindows(hosts.length, vars.reboot ?? {});
  // systemd reads % in ExecStart= as a specifier: the command is written with %%.
  const timers = (vars.cron ?? []).flatMap((job, i) => {
    try {
      return [
        {
          unit: `${project}-${job.name}`,
          on_calendar: cronToOnCalendar(job.schedule),
          command: job.command.replace(/%/g, '%%'),
          user: job.user ?? 'root',
          schedule: job.schedule,
        },
      ];
    } catch (error) {
      if (!(error instanceof CronScheduleError)) throw error;
      problem(['vm_group', 'cron', i, 'schedule'], `${error.message}`);
      return [];
    }
  });
  const files = (vars.files ?? []).flatMap((f, i) => {
    const templateFile = join(input.projectDir, f.template);
    let source: string;
    try {
      source = readFileSync(join(input.root, templateFile), 'utf8');
    } catch {
      problem(['vm_group', 'files', i, 'template'], `template ${templateFile} does not exist; put it next to the project vars`);
      return [];
    }
    try {
      const text = input.engine.renderString(source, { ...input.context, host_names: hosts.map((h) => h.name) }, templateFile);
      return [{ path: f.path, owner: f.owner ?? 'root', group: f.group ?? 'root', mode: f.mode ?? '0644', content_b64: Buffer.from(text).toString('base64') }];
    } catch (error) {
      problems.push(...templateProblems(error, templateFile, input.root));
      return [];
    }
  });
  const secrets = (vars.secrets ?? []).flatMap((s, i) => {
    const name = s.secret.slice(1);
    if (!(name in input.catalogue.secrets)) {
      problem(
        ['vm_group', 'secrets', i, 'secret'],
        `secret ${name} is not in the catalogue; add it to inventory/secrets.yml (name and description, never the value)`,
      );
      return [];
    }
    return [{ path: s.path, secret: name, env: secretEnvName(name), owner: s.owner ?? 'root', group: s.group ?? 'root' }];
  });
  const placed = new Set([...(vars.files ?? []).map((f) => f.path), ...(vars.secrets ?? []).map((s) => s.path)]);
  (vars.services ?? []).forEach((service, i) =>
    (service.restart_on ?? []).forEach((path, j) => {
      if (!placed.has(path))
        problem(['vm_group', 'services', i, 'restart_on', j], `${path} is not one of vm_group.files or vm_group.secrets; name a path the group places`);
    }),
  );
  if (problems.length > 0) return { problems };
  return {
    problems,
    model: {
      project,
      environment: input.environment.name,
      group: project.replace(/-/g, '_'),
      hosts: hosts.map((h, i) => ({ name: h.name, connection: connectionOf(h), reboot_on_calendar: windows[i] as string })),
      packages: vars.packages ?? [],
      users: (vars.users ?? []).map((u) => ({ name: u.name, groups: u.groups ?? [], shell: u.shell ?? '/bin/bash', ssh_keys: u.ssh_keys ?? [] })),
      files,
      services: (vars.services ?? []).map((s) => ({ name: s.name, enabled: s.enabled ?? true, state: s.state ?? 'started', restart_on: s.restart_on ?? [] })),
      timers,
      secrets,
    },
  };
}
