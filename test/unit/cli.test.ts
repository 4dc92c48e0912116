import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, REPOSITORY_ROOT } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const COMMANDS = ['render', 'validate', 'template', 'variable', 'secret', 'secrets', 'schema', 'apply', 'diff', 'history', 'rollback'];

describe('deployment-all CLI', () => {
  it('prints --version and --help with exit 0', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')).version);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(command);
  });

  it.each(COMMANDS)('has --help for %s', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: deployment-all ${command}`);
  });

  it('knows every command where a command name is not given: help, suggestions, --root first', async () => {
    const help = await runCli(['help', 'rollback']);
    expect(help.stdout).toContain('Usage: deployment-all rollback [options] <target>');
    const misspelt = await runCli(['rendr']);
    expect(misspelt.stderr).toContain('Did you mean render?');
    expect(misspelt.code).toBe(2);
    const rooted = await runCli(['--root', 'render', 'schema', '--help']);
    expect(rooted.stdout).toContain('Usage: deployment-all schema');
  });

  it('describes a shared option the same way in every command', async () => {
    const helpOf = async (command: string, option: string) => {
      const help = (await runCli([command, '--help'])).stdout;
      // An option's help may wrap: take its line and the indented lines that continue it.
      const match = new RegExp(`^  ${option} .*(\\n {10,}\\S.*)*`, 'm').exec(help);
      return match?.[0].replace(/\s+/g, ' ');
    };
    for (const option of ['--context <name>', '--secrets-file <file>', '--secrets-backend <kind>']) {
      const commands = option === '--context <name>' ? ['apply', 'diff', 'history', 'rollback'] : ['apply', 'diff', 'rollback', 'secret'];
      const helps = await Promise.all(commands.map((c) => helpOf(c, option)));
      expect(helps[0], option).toMatch(/default/);
      for (const [i, help] of helps.entries()) expect(help, `${commands[i]} ${option}`).toBe(helps[0]);
    }
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli(['render', '--frobnicate'])).code).toBe(2);
    expect((await runCli(['nonsense'])).code).toBe(2);
    expect((await runCli(['render', '--format', 'xml'])).code).toBe(2);
    const unknownTarget = await runCli(['--root', makeRepo('basic'), 'render', 'nowhere']);
    expect(unknownTarget.code).toBe(2);
    expect(unknownTarget.stderr).toContain('target "nowhere"');
  });

  it('renders every environment and project into the output folder', async () => {
    const root = makeRepo('basic');
    const result = await runCli(['--root', root, 'render', '--out', join(root, 'out')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/rendered \d+ objects for 3 project-environments, 1 disabled/);
    expect(existsSync(join(root, 'out/dev/api.yaml'))).toBe(true);
    expect(existsSync(join(root, 'out/prod/nightly.yaml'))).toBe(true);
    expect(existsSync(join(root, 'out/dev/nightly.yaml'))).toBe(false);
  });

  it('renders one target as JSON to stdout, with a secret placeholder and never a value', async () => {
    const root = makeRepo('basic', { 'secrets.yml': 'API_TOKEN: super-secret-value-123\n' });
    const result = await runCli(['--root', root, 'render', 'prod/api', '--stdout', '--format', 'json'], {
      env: { DEPLOYMENT_ALL_SECRETS_FILE: join(root, 'secrets.yml') },
    });
    expect(result.code, result.stderr).toBe(0);
    const objects = JSON.parse(result.stdout) as { kind: string; stringData?: Record<string, string> }[];
    expect(objects.find((o) => o.kind === 'Secret')?.stringData).toEqual({ API_TOKEN: '<secret:API_TOKEN>' });
    expect(result.stdout + result.stderr).not.toContain('super-secret-value-123');
  });

  it('colours errors only when asked, never with NO_COLOR', async () => {
    const coloured = await runCli(['render', 'x', '--root', '/nonexistent'], { color: true });
    expect(coloured.stderr).toContain('\u001b[31m');
    const { useColor } = await import('../../src/cli/output.js');
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
  });

  it('gives vars templates the environment name and its inventory entry', async () => {
    const root = makeRepo('basic', {
      'projects/api/project-vars.yml.j2': [
        'deployment:',
        '  image: x',
        '  variables:',
        '    - NAME: {{ ENVIRONMENT }}',
        '    - ALSO_NAME: {{ environment.name }}',
        '    - WHERE: {{ environment.namespace }}.{{ environment.cluster.name }}',
        "{% if ENVIRONMENT == 'prod' %}",
        '    - PRODUCTION: "{{ is_production }}"',
        '{% endif %}',
        '',
      ].join('\n'),
    });
    const result = await runCli(['--root', root, 'render', 'prod/api', '--stdout', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const objects = JSON.parse(result.stdout) as {
      kind: string;
      spec?: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
    }[];
    const env = objects.find((o) => o.kind === 'Deployment')?.spec?.template.spec.containers[0]?.env ?? [];
    expect(Object.fromEntries(env.map((e) => [e.name, e.value]))).toMatchObject({
      NAME: 'prod',
      ALSO_NAME: 'prod',
      WHERE: 'team-prod.prod',
      PRODUCTION: 'True',
    });
  });

  it('prints inventory variables per environment', async () => {
    const root = makeRepo('basic');
    expect((await runCli(['--root', root, 'variable', 'BROKER', '--env', 'dev'])).stdout).toBe('broker.dev.example.com\n');
    expect((await runCli(['--root', root, 'variable', 'BROKER', '--env', 'prod'])).stdout).toBe('broker.example.com\n');
    const missing = await runCli(['--root', root, 'variable', 'NOPE', '--env', 'prod']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('variable NOPE is not defined for environment prod');
  });

  it('prints secrets from the local file backend, per secrets path first', async () => {
    const root = makeRepo('basic', { 'secrets.yml': 'team/prod:\n  API_TOKEN: prod-token\nAPI_TOKEN: any-token\n' });
    const env = { DEPLOYMENT_ALL_SECRETS_FILE: join(root, 'secrets.yml') };
    expect((await runCli(['--root', root, 'secret', 'API_TOKEN', '--env', 'prod'], { env })).stdout).toBe('prod-token\n');
    expect((await runCli(['--root', root, 'secret', 'API_TOKEN', '--env', 'dev'], { env })).stdout).toBe('any-token\n');
    const unknown = await runCli(['--root', root, 'secret', 'OTHER', '--env', 'dev'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('secret OTHER is not in the catalogue');
  });

  it('does not echo a secrets file line when the file is malformed', async () => {
    const root = makeRepo('basic', { 'secrets.yml': 'API_TOKEN: [leaky-value\n' });
    const result = await runCli(['--root', root, 'secret', 'API_TOKEN', '--env', 'dev'], { env: { DEPLOYMENT_ALL_SECRETS_FILE: join(root, 'secrets.yml') } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid YAML');
    expect(result.stderr).not.toContain('leaky-value');
  });

  it('template renders one file with vars, imports from its folder then templates/', async () => {
    const root = makeRepo('basic', {
      'debug/main.j2': "{% from 'helpers.j2' import greet %}{{ greet(name) }} {{ cki_variable('BROKER') }}\n",
      'debug/helpers.j2': '{% macro greet(who) %}hello {{ who | upper }}{% endmacro %}',
      'debug/vars.yml': 'name: world\n',
    });
    const result = await runCli(['--root', root, 'template', join(root, 'debug/main.j2'), '--vars', join(root, 'debug/vars.yml'), '--env', 'dev']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('hello WORLD broker.dev.example.com\n');
  });

  it('template reports an undefined name with file and line', async () => {
    const root = makeRepo('basic', { 'debug/main.j2': 'line one\n{{ missing_name }}\n' });
    writeFileSync(join(root, 'debug/vars.yml'), 'x: 1\n');
    const result = await runCli(['--root', root, 'template', join(root, 'debug/main.j2'), '--vars', join(root, 'debug/vars.yml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/main\.j2:2: .*missing_name/);
  });

  it('prints the project vars JSON Schema with descriptions', async () => {
    const result = await runCli(['schema']);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, { description?: string }> };
    expect(schema.properties.deployment?.description).toContain('Deployment');
  });
});
