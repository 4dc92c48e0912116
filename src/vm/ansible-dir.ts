/** An environment's rendered Ansible files in a private temporary folder, for one run of Ansible. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AnsibleFile } from './ansible-output.js';

/** Writes the files into a new private folder (mkdtemp: mode 0700) and returns it; the caller removes it. */
export function writeAnsibleDir(files: readonly AnsibleFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-ansible-'));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

/** The part of a render the Ansible runs read. */
export interface AnsibleRender {
  vmGroups: readonly { environment: string }[];
  ansible: ReadonlyMap<string, readonly AnsibleFile[]>;
}

/** One folder per environment of the render's VM groups while `use` runs, removed afterwards whatever happens. */
export async function withAnsibleDirs<T>(render: AnsibleRender, use: (dirOf: (environment: string) => string) => Promise<T>): Promise<T> {
  const dirs = new Map<string, string>();
  try {
    for (const environment of new Set(render.vmGroups.map((g) => g.environment))) dirs.set(environment, writeAnsibleDir(render.ansible.get(environment) ?? []));
    return await use((environment) => dirs.get(environment) as string);
  } finally {
    for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
  }
}
