/**
 * `apply` and `diff` of VM groups: the selection is rendered and every secret it needs
 * resolved first (any problem stops the run before a host is touched), then one
 * ansible-playbook run per group (check mode with --diff for `diff`). A group that fails
 * (a task failed, a host unreachable) fails alone; the others still run.
 */
import type { VmRender } from '../deploy/deploy.js';
import { SecretResolver } from '../deploy/fill-secrets.js';
import type { RevisionInfo } from '../deploy/revision-info.js';
import { maskList, maskWith } from '../lib/mask.js';
import { renderRepository, type RenderResult } from '../render/render-repository.js';
import { loadRepository, repositoryNames, type LoadedRepository } from '../render/load-repository.js';
import { resolveTargets } from '../render/targets.js';
import type { SecretsBackend } from '../secrets/backend.js';
import { parseRecap, type HostRecap } from './ansible-recap.js';
import { withAnsibleDirs } from './ansible-dir.js';
import { INVENTORY_FILE, playbookFile } from './ansible-output.js';
import { runAnsiblePlaybook } from './run-ansible.js';

export interface VmApplyOptions {
  root: string;
  targets: readonly string[];
  backend: SecretsBackend;
  /** `diff`: check mode with --diff, nothing changes on the hosts. */
  check: boolean;
  revision: RevisionInfo;
  /** Each line of Ansible's output, secret values already masked. */
  onOutput?: (line: string) => void;
  /** The render the Kubernetes deploy made of the same targets; without it the targets are rendered here. */
  render?: VmRender;
}

/** One group's run: Ansible's recap per host, or why it did not run through. */
export interface VmGroupResult {
  environment: string;
  project: string;
  hosts: HostRecap[];
  /** Set when the group failed: a task failed, a host was unreachable, or Ansible itself stopped. */
  failure?: string;
}

export interface VmApplyResult {
  results: VmGroupResult[];
}

function failureOf(exitCode: number, hosts: readonly HostRecap[], tail: string): string | undefined {
  const unreachable = hosts.filter((h) => h.unreachable > 0).map((h) => h.host);
  const failed = hosts.filter((h) => h.failed > 0).map((h) => h.host);
  const parts = [];
  if (unreachable.length > 0) parts.push(`unreachable: ${unreachable.join(', ')}`);
  if (failed.length > 0) parts.push(`failed: ${failed.join(', ')}`);
  if (parts.length > 0) return parts.join('; ');
  if (exitCode !== 0) return `ansible-playbook exited with status ${exitCode}: ${tail}`;
  return undefined;
}

/**
 * As for the Kubernetes projects: a target naming a project removed from the repository
 * (ENV/PROJECT, retired by the deploy) selects no VM group, it is no unknown project.
 */
export function renderSelection(root: string, targets: readonly string[], loaded: LoadedRepository = loadRepository(root)): RenderResult {
  const { environments, projects } = repositoryNames(loaded);
  const selected = resolveTargets(targets, environments, projects);
  return renderRepository({ root, selections: selected.selections, loaded });
}

/** Runs the selected VM groups; throws (before any run) when the render or a secret fails. */
export async function applyVmGroups(options: VmApplyOptions): Promise<VmApplyResult> {
  const render = options.render ?? renderSelection(options.root, options.targets);
  const resolver = new SecretResolver(options.backend);
  const environments = new Map(render.inventory.environments.map((e) => [e.name, e]));
  const secretEnv = new Map<string, Record<string, string>>();
  for (const group of render.vmGroups) {
    const env = environments.get(group.environment);
    const values: Record<string, string> = {};
    for (const s of group.model.secrets) values[s.env] = await resolver.get(env?.secrets_path ?? '', s.secret);
    secretEnv.set(`${group.environment}/${group.project}`, values);
  }
  const mask = maskList(await resolver.knownValues());
  const revision = { ...options.revision, time: new Date().toISOString() };
  const results: VmGroupResult[] = [];
  await withAnsibleDirs(render, async (dirOf) => {
    for (const group of render.vmGroups) {
      const run = await runAnsiblePlaybook({
        cwd: dirOf(group.environment),
        inventory: INVENTORY_FILE,
        playbook: playbookFile(group.project),
        check: options.check,
        extraVars: { deployment_all_revision: revision },
        env: secretEnv.get(`${group.environment}/${group.project}`) ?? {},
        onLine: (line) => options.onOutput?.(maskWith(line, mask)),
      });
      const output = maskWith(run.output, mask);
      const hosts = parseRecap(output);
      const tail = output.trim().split('\n').slice(-5).join('\n');
      const failure = failureOf(run.exitCode, hosts, tail);
      results.push({ environment: group.environment, project: group.project, hosts, ...(failure ? { failure } : {}) });
    }
  });
  return { results };
}
