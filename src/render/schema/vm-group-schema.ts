/**
 * JSON Schema of the `vm_group:` section of project vars: a group of machines configured
 * by Ansible (see docs/vm-groups.md). Every field is described; the type is inferred from
 * the same definition.
 */
import { Type, type Static } from '@sinclair/typebox';

const closed = { additionalProperties: false } as const;

const name = Type.String({ pattern: '^[a-z_][a-z0-9_-]*$' });

const fileMode = Type.String({ pattern: '^0[0-7]{3,4}$', description: 'Octal mode as a string, e.g. "0644".' });

export const VmHostSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'Inventory name of the host (its host name unless `address` is given).' }),
    address: Type.Optional(
      Type.String({
        pattern: '\\S',
        description: 'Where Ansible reaches it (ansible_host): an address or DNS name; for `connection: chroot`, the root folder.',
      }),
    ),
    connection: Type.Optional(
      Type.Union([Type.Literal('ssh'), Type.Literal('chroot'), Type.Literal('local')], {
        description: 'How Ansible reaches it: ssh (default), chroot (a root filesystem on the machine running apply) or local.',
      }),
    ),
    user: Type.Optional(Type.String({ description: "SSH user (ansible_user). Default: Ansible's default." })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'SSH port (ansible_port). Default 22.' })),
  },
  { ...closed, description: 'One machine of a VM group.' },
);
export type VmHost = Static<typeof VmHostSchema>;

const User = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z_][a-z0-9_-]*$', description: 'Login name.' }),
    groups: Type.Optional(Type.Array(name, { description: 'Supplementary groups (created when missing).' })),
    shell: Type.Optional(Type.String({ pattern: '^/', description: 'Login shell. Default /bin/bash.' })),
    ssh_keys: Type.Optional(
      Type.Array(Type.String({ pattern: '^(ssh|ecdsa)-\\S+ \\S+' }), { description: 'Public SSH keys: the whole authorized_keys of the user.' }),
    ),
  },
  { ...closed, description: 'A local user account with its SSH keys.' },
);

const File = Type.Object(
  {
    path: Type.String({ pattern: '^/', description: 'Absolute path on the host.' }),
    template: Type.String({
      pattern: '^[^/]+$',
      description: 'A template next to the project vars (same folder), rendered at render time with the same names as the vars (and `host_names`).',
    }),
    owner: Type.Optional(Type.String({ description: 'Owner. Default root.' })),
    group: Type.Optional(Type.String({ description: 'Group. Default root.' })),
    mode: Type.Optional({ ...fileMode, description: 'Mode. Default "0644".' }),
  },
  { ...closed, description: 'A file whose content is rendered from a template of the project.' },
);

const Service = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9@._-]+$', description: 'systemd unit name without .service, e.g. nginx.' }),
    enabled: Type.Optional(Type.Boolean({ description: 'Started at boot. Default true.' })),
    state: Type.Optional(Type.Union([Type.Literal('started'), Type.Literal('stopped')], { description: 'Running state after apply. Default started.' })),
    restart_on: Type.Optional(Type.Array(Type.String({ pattern: '^/' }), { description: 'Paths of `files`/`secrets` whose change restarts the service.' })),
  },
  { ...closed, description: 'A systemd service (its package or a file provides the unit).' },
);

const Cron = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Name of the job: the timer is `<group>-<name>.timer`.' }),
    schedule: Type.String({
      description:
        'Cron schedule, five fields "minute hour day-of-month month day-of-week" (lists, ranges, steps, names) or @hourly/@daily/@weekly/@monthly/@yearly; run as a systemd timer in the host\'s time zone.',
    }),
    command: Type.String({ pattern: '^/', description: "Command line run by the timer's service (ExecStart): an absolute program path and its arguments." }),
    user: Type.Optional(Type.String({ description: 'Runs as this user. Default root.' })),
  },
  { ...closed, description: 'A scheduled job, rendered as a systemd timer and a oneshot service.' },
);

const Secret = Type.Object(
  {
    path: Type.String({ pattern: '^/', description: 'Absolute path of the file holding the secret value on the host.' }),
    secret: Type.String({
      pattern: '^\\$[A-Z][A-Z0-9_]*$',
      description: '`$NAME` of a secret in inventory/secrets.yml; its value is fetched at apply time only.',
    }),
    owner: Type.Optional(Type.String({ description: 'Owner. Default root.' })),
    group: Type.Optional(Type.String({ description: 'Group. Default root.' })),
  },
  { ...closed, description: 'A secret placed on the host at apply time, mode 0600; never in rendered files.' },
);

const Reboot = Type.Object(
  {
    day: Type.Optional(
      Type.Union(
        ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => Type.Literal(d)),
        { description: 'Day of the weekly window. Default Sun.' },
      ),
    ),
    time: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Start of the window (HH:MM, host time). Default 03:00.' })),
    stagger_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 180, description: 'Minutes between two hosts of the group. Default 20.' })),
  },
  {
    ...closed,
    description:
      'Weekly reboot window: a host reboots then when an update asked for it (/run/reboot-required); the n-th host of the group at time + n × stagger_minutes, so two hosts of a group never reboot together.',
  },
);

export const VmGroupSchema = Type.Object(
  {
    hosts: Type.Optional(
      Type.Record(Type.String(), Type.Array(VmHostSchema), {
        description: 'Hosts per environment: environment name -> hosts. An environment without hosts (and without host_group) has no such group.',
      }),
    ),
    host_group: Type.Optional(
      Type.String({
        description: "A host group of the environment's inventory (`host_groups:` in inventory/environments/<env>.yml), used where `hosts` names no hosts.",
      }),
    ),
    packages: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9+.-]*$' }), { description: 'Debian packages installed (besides the base ones).' }),
    ),
    users: Type.Optional(Type.Array(User, { description: 'Local users.' })),
    files: Type.Optional(Type.Array(File, { description: 'Files rendered from templates of the project.' })),
    services: Type.Optional(Type.Array(Service, { description: 'systemd services enabled and started.' })),
    cron: Type.Optional(Type.Array(Cron, { description: 'Scheduled jobs (systemd timers).' })),
    secrets: Type.Optional(Type.Array(Secret, { description: 'Secret files placed at apply time.' })),
    reboot: Type.Optional(Reboot),
  },
  { ...closed, description: 'A group of machines configured by Ansible: `render` writes its inventory and playbook, `apply ENV/PROJECT` runs it.' },
);
export type VmGroupVars = Static<typeof VmGroupSchema>;

/** `host_groups:` of an environment: name -> hosts. */
export const HostGroupsSchema = Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$' }), Type.Array(VmHostSchema), {
  description: 'Machines of this environment by group name, for VM groups that name a `host_group`.',
});
