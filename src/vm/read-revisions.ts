/**
 * The revisions recorded on the hosts of VM groups (the group role's last task writes
 * /var/lib/deployment-all/<project>.json on each host), read with one ad-hoc `slurp` per
 * group over the same connections `apply` uses. Read-only. A host that cannot be reached,
 * or whose file cannot be read, is an error of that host, never of the whole read.
 */
import type { VmRender } from '../deploy/deploy.js';
import type { RevisionInfo } from '../deploy/revision-info.js';
import { isRecord } from '../lib/is-record.js';
import { withAnsibleDirs } from './ansible-dir.js';
import { INVENTORY_FILE } from './ansible-output.js';
import type { RenderedVmGroup } from './render-vm-groups.js';
import { runAnsibleModule, type HostResult } from './run-ansible.js';

/** Where the group role records the revision on each host (templates/ansible/roles/deployment_all_group). */
export const REVISION_DIR = '/var/lib/deployment-all';

/** What a host's revision file says. */
export interface VmRecordedRevision extends RevisionInfo {
  /** The render hash of the group that was applied (vm_render_hash). */
  hash: string;
  /** When that apply ran (the file is rewritten only when the hash changes). */
  time?: string;
}

/** One host: its recorded revision, nothing (never applied), or why it could not be read. */
export interface VmHostRevision {
  host: string;
  revision?: VmRecordedRevision;
  error?: string;
}

export interface VmGroupRevisions {
  environment: string;
  project: string;
  /** The render hash this checkout would apply. */
  desiredHash: string;
  hosts: VmHostRevision[];
}

function parseRevision(content: string): VmRecordedRevision | string {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(content, 'base64').toString('utf8'));
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (!isRecord(data) || typeof data.hash !== 'string') return 'no "hash" in it';
  const text = (key: string): Record<string, string> => (typeof data[key] === 'string' ? { [key]: data[key] } : {});
  return { hash: data.hash, ...text('commit'), ...text('user'), ...text('pipelineUrl'), ...text('jobUrl'), ...text('time') };
}

function hostRevision(host: string, file: string, result: HostResult | undefined, output: string): VmHostRevision {
  if (!result) return { host, error: `Ansible gave no result for the host: ${output.trim().split('\n').slice(-3).join(' ')}` };
  if (result.unreachable) return { host, error: `unreachable: ${result.msg ?? 'no message'}` };
  if (result.failed) {
    // slurp's answer for a missing file: the group was never applied there.
    if (/file not found/i.test(result.msg ?? '')) return { host };
    return { host, error: `cannot read ${file}: ${result.msg ?? 'no message'}` };
  }
  if (typeof result.content !== 'string') return { host, error: `cannot read ${file}: no content in the answer` };
  const revision = parseRevision(result.content);
  return typeof revision === 'string' ? { host, error: `${file}: ${revision}; it is rewritten by the next apply` } : { host, revision };
}

async function readGroup(dir: string, group: RenderedVmGroup): Promise<VmGroupRevisions> {
  const file = `${REVISION_DIR}/${group.project}.json`;
  const run = await runAnsibleModule({ cwd: dir, inventory: INVENTORY_FILE, pattern: group.model.group, module: 'ansible.builtin.slurp', args: `src=${file}` });
  return {
    environment: group.environment,
    project: group.project,
    desiredHash: group.hash,
    hosts: group.model.hosts.map((h) => hostRevision(h.name, file, run.hosts.get(h.name), run.output)),
  };
}

/** The recorded revisions of the render's VM groups (all of them, in parallel). */
export async function readVmRevisions(render: VmRender): Promise<VmGroupRevisions[]> {
  return withAnsibleDirs(render, (dirOf) => Promise.all(render.vmGroups.map((group) => readGroup(dirOf(group.environment), group))));
}
