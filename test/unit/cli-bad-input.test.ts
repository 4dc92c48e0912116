/**
 * Every kind of bad input: a clear error naming the file and the line or YAML path,
 * exit status 1, and no output directory written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const API = 'projects/api/project-vars.yml.j2';
const apiVars = (body: string) => ({ [API]: body });
const bomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

const cases: { name: string; files: Record<string, string | null>; expected: RegExp[] }[] = [
  {
    name: 'malformed YAML',
    files: apiVars('deployment:\n  image: x\n   replicas: 2\n'),
    expected: [/projects\/api\/project-vars\.yml\.j2:3: invalid YAML: this key is indented deeper than the keys above it/],
  },
  { name: 'a template syntax error', files: apiVars('deployment:\n  image: {{ "x" + }}\n'), expected: [/projects\/api\/project-vars\.yml\.j2:2: /] },
  {
    name: 'an undefined variable',
    files: apiVars('deployment:\n  image: x\n  replicas: {{ replica_count }}\n'),
    expected: [/projects\/api\/project-vars\.yml\.j2:3: .*replica_count/],
  },
  {
    name: 'a misspelt key',
    files: apiVars('deployment:\n  image: x\n  replcias: 2\n'),
    expected: [/project-vars\.yml\.j2:3: deployment\.replcias: unknown key "replcias"; did you mean "replicas"\?/],
  },
  {
    name: 'a wrong type',
    files: apiVars('deployment:\n  image: x\n  replicas: two\n'),
    expected: [/project-vars\.yml\.j2:3: deployment\.replicas: must be integer, not "two"/],
  },
  {
    name: 'an invalid object name (uppercase, too long)',
    files: apiVars(`deployment:\n  image: x\nconfigmaps:\n  Settings: {a: b}\n  ${'x'.repeat(254)}: {a: b}\n`),
    expected: [/ConfigMap\/team-\w+\/Settings: metadata\.name "Settings" must consist of lowercase/, /at most 253 are allowed/],
  },
  {
    name: 'a secret missing from the catalogue',
    files: apiVars('secret:\n  - TOKEN: $NOT_IN_CATALOGUE\ndeployment:\n  image: x\n'),
    expected: [/project-vars\.yml\.j2:2: secret\[0\]\.TOKEN: secret NOT_IN_CATALOGUE is not in the catalogue/],
  },
  {
    name: 'a project folder name with ".."',
    files: { 'projects/a..b/project-vars.yml.j2': 'deployment:\n  image: x\n' },
    expected: [/projects\/a\.\.b: project name "a\.\.b" must be a plain folder name/],
  },
  {
    name: 'an uppercase project folder',
    files: { 'projects/Api/project-vars.yml.j2': 'deployment:\n  image: x\n' },
    expected: [/projects\/Api: project name "Api" must consist of lowercase/],
  },
  { name: 'a YAML alias bomb', files: apiVars(bomb), expected: [/project-vars\.yml\.j2: too many YAML aliases/] },
  { name: 'an empty project-vars file', files: apiVars('\n'), expected: [/project-vars\.yml\.j2: the file is empty/] },
  {
    name: 'a project enabled for an unknown environment',
    files: apiVars('deployment:\n  image: x\nenvironments:\n  staging: true\n'),
    expected: [/project-vars\.yml\.j2:4: environments\.staging: unknown environment "staging"; known: dev, prod/],
  },
  {
    name: 'a raw template with an unknown kind',
    files: { 'projects/api/extra.yml.j2': 'apiVersion: v1\nkind: Deploymnet\nmetadata: {name: x}\n' },
    expected: [/projects\/api\/extra\.yml\.j2: Deploymnet\/x: unknown kind "Deploymnet"/],
  },
  {
    name: 'the environment entry compared with a name',
    files: apiVars("deployment:\n  image: x\n{% if environment == 'prod' %}\n  replicas: 2\n{% endif %}\n"),
    expected: [
      /project-vars\.yml\.j2:3: environment is the inventory entry \(a mapping of cluster, namespace, domain, \.\.\.\), not the environment's name: write ENVIRONMENT \(or environment\.name\) for the name/,
    ],
  },
  {
    name: 'the environment entry printed',
    files: apiVars('deployment:\n  image: x\n  variables:\n    - WHERE: {{ environment }}\n'),
    expected: [/project-vars\.yml\.j2:4: environment is the inventory entry .*: write ENVIRONMENT/],
  },
  {
    name: 'an inventory environment with a wrong field',
    files: {
      'inventory/environments/dev.yml': 'cluster: {name: dev, server: x}\nnamespace: team-dev\ndomain: d\nimage_tag: t\nsecrets_path: s\ndeploy_order: first\n',
    },
    expected: [/inventory\/environments\/dev\.yml:6: deploy_order: must be integer/],
  },
  {
    name: 'an image registry with half its credentials, or a secret missing from the catalogue',
    files: {
      'inventory/environments/dev.yml':
        'cluster: {name: dev, server: x}\nnamespace: team-dev\ndomain: d\nimage_tag: t\nsecrets_path: s\ndeploy_order: 1\n' +
        'image_registries:\n  - {host: registry.example.com, username_secret: PULL_USER}\n  - {host: quay.io, username_secret: NOPE, password_secret: NOPE_TOO}\n',
    },
    expected: [
      /inventory\/environments\/dev\.yml: image_registries\[0\]: registry registry\.example\.com: give both username_secret and password_secret, or neither/,
      /inventory\/environments\/dev\.yml: image_registries\[1\]\.username_secret: secret NOPE is not in inventory\/secrets\.yml; add it to the catalogue/,
    ],
  },
];

describe('render with bad input', () => {
  it.each(cases)('$name: names where, exits 1, writes nothing', async ({ files, expected }) => {
    const root = makeRepo('basic', files);
    const result = await runCli(['--root', root, 'render', '--out', join(root, 'out')]);
    expect(result.code, result.stderr).toBe(1);
    for (const pattern of expected) expect(result.stderr).toMatch(pattern);
    expect(result.stderr).toContain('nothing was written or applied');
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('keeps the previous output intact when a later render fails', async () => {
    const root = makeRepo('basic');
    expect((await runCli(['--root', root, 'render', '--out', join(root, 'out')])).code).toBe(0);
    const before = readFileSync(join(root, 'out/prod/api.yaml'), 'utf8');
    const broken = makeRepo('basic', apiVars('deployment: [\n'));
    const result = await runCli(['--root', broken, 'render', '--out', join(root, 'out')]);
    expect(result.code).toBe(1);
    expect(readFileSync(join(root, 'out/prod/api.yaml'), 'utf8')).toBe(before);
  });

  it('validate reports the problems of every project at once', async () => {
    const root = makeRepo('basic', {
      ...apiVars('deployment:\n  image: x\n  replcias: 2\n'),
      'projects/nightly/project-vars.yml.j2': 'cronjobs:\n  - schedule: 5\n',
    });
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('projects/api/project-vars.yml.j2:3: deployment.replcias');
    expect(result.stderr).toContain('projects/nightly/project-vars.yml.j2:2: cronjobs[0].schedule: must be string');
  });

  it('validate names a volume whose claim nothing creates, and what to write', async () => {
    const root = makeRepo('basic', {
      ...apiVars(
        [
          'deployment:',
          '  image: x',
          '  volumes:',
          '    - {pvc: $PROJECT_NAME, mountPath: /data}',
          '    - {pvc: $PROJECT_NAME-cache, mountPath: /cache}',
          '  storage: 20Gi',
          'environments:',
          '  dev:',
          '    deployment:',
          '      volumes:',
          '        - {pvc: shared-data, mountPath: /x, existing: true, storage: 1Gi}',
          '',
        ].join('\n'),
      ),
    });
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'projects/api/project-vars.yml.j2:5: deployment.volumes[1]: nothing creates claim "api-cache", so the pod would stay Pending for ever: ' +
        'give the volume a size to create the claim with the project, e.g. {pvc: $PROJECT_NAME-cache, mountPath: /cache, storage: 10Gi}, ' +
        'or declare a claim made outside the project with existing: true',
    );
    // The override replaced the list in dev: its own line is named.
    expect(result.stderr).toContain('projects/api/project-vars.yml.j2:11: deployment.volumes[0].storage: claim "shared-data" is declared existing: true');
    const fixed = makeRepo(
      'basic',
      apiVars(
        'deployment:\n  image: x\n  volumes:\n    - {pvc: $PROJECT_NAME-cache, mountPath: /cache, storage: 10Gi}\n    - {pvc: shared-data, mountPath: /x, existing: true}\n',
      ),
    );
    expect((await runCli(['--root', fixed, 'validate'])).code).toBe(0);
  });

  it('refuses to replace a folder it did not write', async () => {
    const root = makeRepo('basic', { 'precious/notes.txt': 'keep me' });
    const result = await runCli(['--root', root, 'render', '--out', join(root, 'precious')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to replace');
    expect(readFileSync(join(root, 'precious/notes.txt'), 'utf8')).toBe('keep me');
  });
});
