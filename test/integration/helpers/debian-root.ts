/**
 * The throw-away Debian system of VM-group tests: the test environment's cached
 * mmdebstrap root (built once by `scripts/test-env`), copied fresh for each test file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from '../../helpers/fixture-repo.js';

const execFileAsync = promisify(execFile);

export interface DebianRoot {
  /** The root folder, for Ansible's chroot connection. */
  path: string;
  remove(): void;
}

/** A fresh copy of the cached root (cp -a keeps owners, modes and links). */
export async function freshDebianRoot(): Promise<DebianRoot> {
  const { stdout } = await execFileAsync(join(REPOSITORY_ROOT, 'scripts/test-env'), ['debian-root'], { maxBuffer: 1 << 20 });
  const cached = stdout.trim().split('\n').pop() ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-vm-'));
  const path = join(dir, 'root');
  await execFileAsync('cp', ['-a', cached, path]);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
