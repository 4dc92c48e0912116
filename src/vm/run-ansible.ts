/** The one place ansible-playbook is started: fixed settings, output collected line by line. */
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
  return new Promise((resolve, reject) => {
    const child = spawn('ansible-playbook', args, { cwd: run.cwd, env: { ...process.env, ...ANSIBLE_ENV, ...run.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) run.onLine?.(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new AnsibleMissingError('ansible-playbook not found: install Ansible (Debian package ansible) to apply VM groups', { cause: error }));
      else reject(error);
    });
    child.on('close', (code) => {
      if (pending !== '') run.onLine?.(pending);
      resolve({ exitCode: code ?? 1, output });
    });
  });
}
