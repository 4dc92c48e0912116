/** The one place Ansible is started (ansible-playbook, ad-hoc ansible): fixed settings, output collected line by line. */
import { spawn } from 'node:child_process';
import { DeploymentAllError } from '../lib/errors.js';

export interface AnsibleRun {
  cwd: string;
  inventory: string;
  playbook: string;
  /** Check mode with --diff: report what would change, change nothing. */
  check: boolean;
  extraVars: Record<string, unknown>;
  /** Extra environment (secret values for the lookups of the playbook; never printed). */
  env: Record<string, string>;
  onLine?: (line: string) => void;
}

/** ansible-playbook is missing: say what to install. */
export class AnsibleMissingError extends DeploymentAllError {
  override readonly name = 'AnsibleMissingError';
}

/** Settings that make the output plain and the run self-contained. */
const ANSIBLE_ENV = {
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_FORCE_COLOR: '0',
  ANSIBLE_STDOUT_CALLBACK: 'default',
  ANSIBLE_RETRY_FILES_ENABLED: '0',
  ANSIBLE_DEPRECATION_WARNINGS: '0',
  ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
};

/** Runs the playbook to its end; resolves with its exit status and whole output (stdout and stderr). */
export function runAnsiblePlaybook(run: AnsibleRun): Promise<{ exitCode: number; output: string }> {
  const args = ['-i', run.inventory, run.playbook, '--extra-vars', JSON.stringify(run.extraVars)];
  if (run.check) args.push('--check', '--diff');
  return spawnAnsible('ansible-playbook', args, run.cwd, run.env, run.onLine);
}

export interface AnsibleModuleRun {
  cwd: string;
  inventory: string;
  /** Host pattern: the group's name. */
  pattern: string;
  module: string;
  args: string;
}

/** One task's result on one host, as the json callback reports it. */
export interface HostResult {
  unreachable?: boolean;
  failed?: boolean;
  msg?: string;
  [key: string]: unknown;
}

/**
 * Runs one module on the hosts of a pattern (`ansible`, ad hoc) and returns each host's
 * result, read from the json callback's report on stdout (stderr is left out of it).
 */
export async function runAnsibleModule(run: AnsibleModuleRun): Promise<{ exitCode: number; hosts: Map<string, HostResult>; output: string }> {
  const env = { ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_STDOUT_CALLBACK: 'ansible.posix.json' };
  const args = ['-i', run.inventory, run.pattern, '-m', run.module, '-a', run.args];
  const result = await spawnAnsible('ansible', args, run.cwd, env);
  const hosts = new Map<string, HostResult>();
  const start = result.stdout.indexOf('{');
  try {
    const report = JSON.parse(start < 0 ? '' : result.stdout.slice(start)) as { plays?: { tasks?: { hosts?: Record<string, HostResult> }[] }[] };
    for (const [host, value] of Object.entries(report.plays?.[0]?.tasks?.[0]?.hosts ?? {})) hosts.set(host, value);
  } catch {
    // No report: Ansible stopped before running anything; the caller reports its output.
  }
  return { exitCode: result.exitCode, hosts, output: result.output };
}

function spawnAnsible(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  onLine?: (line: string) => void,
): Promise<{ exitCode: number; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...ANSIBLE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    let pending = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      take(chunk);
    });
    child.stderr.on('data', take);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new AnsibleMissingError(`${command} not found: install Ansible (Debian package ansible) to apply VM groups`, { cause: error }));
      else reject(error);
    });
    child.on('close', (code) => {
      if (pending !== '') onLine?.(pending);
      resolve({ exitCode: code ?? 1, output, stdout });
    });
  });
}
