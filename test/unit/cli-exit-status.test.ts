/**
 * One rule for exit statuses, applied by the one top-level handler: 2 when the
 * command line is wrong (a bad option value, an environment or project the
 * repository does not have), 1 for any other failure, and 2 for every failure of
 * `diff`, whose 1 means "changes".
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

describe('exit status', () => {
  const root = makeRepo('basic', { 'secrets.yml': 'API_TOKEN: token\n', 'debug/main.j2': 'x\n' });
  const env = { DEPLOYMENT_ALL_SECRETS_FILE: join(root, 'secrets.yml') };

  it.each([
    ['render', ['render', 'staging', '--stdout'], 'target "staging"'],
    ['render ENV/PROJECT', ['render', 'staging/api', '--stdout'], 'unknown environment "staging"'],
    ['validate', ['validate', 'staging/api'], 'unknown environment "staging"'],
    ['variable', ['variable', 'BROKER', '--env', 'staging'], '--env staging: unknown environment; known: dev, prod'],
    ['secret', ['secret', 'API_TOKEN', '--env', 'staging'], '--env staging: unknown environment; known: dev, prod'],
    ['template', ['template', join(root, 'debug/main.j2'), '--env', 'staging'], '--env staging: unknown environment; known: dev, prod'],
    ['apply', ['apply', 'staging/api'], 'unknown environment "staging"'],
    ['diff', ['diff', 'staging/api'], 'unknown environment "staging"'],
    ['history', ['history', 'staging/api'], 'unknown environment "staging"'],
  ])('an unknown environment is a usage error for %s: 2, the known ones listed', async (_name, args, message) => {
    const result = await runCli(['--root', root, ...args], { env });
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('(run with --help for usage)');
    expect(result.code, result.stderr).toBe(2);
  });

  it('an unknown environment from $DEPLOYMENT_ALL_ENVIRONMENT is a usage error too', async () => {
    const result = await runCli(['--root', root, 'variable', 'BROKER'], { env: { DEPLOYMENT_ALL_ENVIRONMENT: 'staging' } });
    expect(result.stderr).toContain('--env staging: unknown environment');
    expect(result.code).toBe(2);
  });

  it.each([
    ['apply', ['apply', '--concurrency', '0']],
    ['apply', ['apply', '--concurrency', 'many']],
    ['apply', ['apply', '--concurrency', '2.5']],
    ['diff', ['diff', '--concurrency', '-1']],
  ])('%s rejects a bad --concurrency before doing anything, like --timeout', async (_name, args) => {
    const result = await runCli(['--root', root, ...args], { env });
    expect(result.stderr).toMatch(/--concurrency \S+: must be a whole number of at least 1/);
    expect(result.code).toBe(2);
  });

  it('apply rejects a bad --timeout the same way', async () => {
    const result = await runCli(['--root', root, 'apply', '--wait', '--timeout', 'soon'], { env });
    expect(result.stderr).toContain('--timeout: "soon" is not a duration');
    expect(result.code).toBe(2);
  });

  it('a problem in the repository is a failure: 1, and 2 from diff', async () => {
    const broken = makeRepo('basic', { 'projects/api/project-vars.yml.j2': 'deployment:\n  image: x\n  replcias: 2\n' });
    for (const [args, code] of [
      [['render', '--stdout'], 1],
      [['apply'], 1],
      [['diff'], 2],
    ] as const) {
      const result = await runCli(['--root', broken, ...args]);
      expect(result.stderr, args[0]).toContain('projects/api/project-vars.yml.j2:3: deployment.replcias: unknown key');
      expect(result.code, args[0]).toBe(code);
    }
  });

  it('diff reports a bad secrets backend through the same handler: 2 and the message', async () => {
    const result = await runCli(['--root', root, 'diff', '--secrets-backend', 'vault'], { env: {} });
    expect(result.stderr).toContain('--secrets-backend vault needs VAULT_ADDR');
    expect(result.code).toBe(2);
  });

  it('a name the repository does not define is a failure, not a usage error', async () => {
    const variable = await runCli(['--root', root, 'variable', 'NOPE', '--env', 'prod']);
    expect(variable.stderr).toContain('variable NOPE is not defined for environment prod');
    expect(variable.code).toBe(1);
  });
});
