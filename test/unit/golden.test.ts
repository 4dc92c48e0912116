/**
 * Golden files of whole rendered repositories: the bundled one (every feature) and
 * the `basic` fixture (a repository without its own templates/), and the `vm-groups` fixture
 * (VM groups: Ansible inventories and playbooks).
 * Accept intended changes with UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRepository } from '../../src/render/render-repository.js';
import { formatObjects } from '../../src/render/write-output.js';
import { monitoringTexts } from '../../src/render/monitoring-files.js';
import { FIXTURES, REPOSITORY_ROOT } from '../helpers/fixture-repo.js';

const GOLDEN = join(import.meta.dirname, '..', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const repositories = [
  { name: 'bundled', root: REPOSITORY_ROOT },
  { name: 'basic', root: join(FIXTURES, 'basic') },
  { name: 'vm-groups', root: join(FIXTURES, 'vm-groups') },
];

describe.each(repositories)('golden render of the $name repository', ({ name, root }) => {
  it('matches test/golden/' + name, () => {
    const result = renderRepository({ root });
    const expectedDir = join(GOLDEN, name);
    const actual = new Map(result.rendered.map((r) => [`${r.environment}/${r.project}.yaml`, formatObjects(r.objects, 'yaml')]));
    // VM groups: the inventory and playbooks (the roles are copies of templates/ansible/roles/).
    for (const [environment, files] of result.ansible) {
      for (const f of files) if (!f.path.startsWith('roles/')) actual.set(`${environment}/ansible/${f.path}`, f.content);
    }
    // The rule files and Alertmanager configurations render writes beside the objects.
    for (const [file, text] of monitoringTexts(result.rendered, result.inventory, result.vmGroups)) actual.set(file, text);
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const [file, text] of actual) {
        mkdirSync(join(expectedDir, file, '..'), { recursive: true });
        writeFileSync(join(expectedDir, file), text);
      }
    }
    expect(listFiles(expectedDir).sort(), 'golden files (UPDATE_GOLDEN=1 to accept)').toEqual([...actual.keys()].sort());
    for (const [file, text] of actual) {
      expect(text, `${name}/${file} differs from its golden file (UPDATE_GOLDEN=1 to accept)`).toBe(readFileSync(join(expectedDir, file), 'utf8'));
    }
  });
});
