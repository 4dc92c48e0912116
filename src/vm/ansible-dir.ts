/** An environment's rendered Ansible files in a private temporary folder, for one run of Ansible. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
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
