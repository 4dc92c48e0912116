/**
 * inventory/alerting.yml: rendered per environment with `render`, and every mistake
 * in it a `validate` error naming the file, the line and what to write.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const GOOD = [
  'smtp: {smarthost: "smtp.example.com:587", from: am@example.com}',
  'receivers:',
  '  team: {email: team@example.com}',
  '  pager: {pager: "https://pager.example.com/hook"}',
  'route:',
  '  receiver: team',
  '  critical_production: pager',
  '',
].join('\n');

describe('inventory/alerting.yml', () => {
  it('render writes an Alertmanager configuration per environment; only production pages', async () => {
    const root = makeRepo('basic', { 'inventory/alerting.yml': GOOD });
    const result = await runCli(['--root', root, 'render', '--out', 'out'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const prod = readFileSync(join(root, 'out/prod/monitoring/alertmanager.yml'), 'utf8');
    const dev = readFileSync(join(root, 'out/dev/monitoring/alertmanager.yml'), 'utf8');
    expect(prod).toContain('receiver: pager');
    expect(dev).not.toContain('receiver: pager');
    expect(dev).toContain('environment="dev"');
  });

  it('a repository without it renders no Alertmanager configuration', async () => {
    const root = makeRepo('basic');
    expect((await runCli(['--root', root, 'render', '--out', 'out'], { cwd: root })).code).toBe(0);
    expect(existsSync(join(root, 'out/prod/monitoring/alertmanager.yml'))).toBe(false);
    expect(existsSync(join(root, 'out/prod/monitoring/rules/api.yml'))).toBe(true);
  });

  const cases = [
    {
      name: 'a receiver without an address',
      text: GOOD.replace('  pager: {pager: "https://pager.example.com/hook"}', '  pager: {}'),
      expected: /inventory\/alerting\.yml:4: receivers\.pager: receiver pager has no address; give it at least one of email: ADDRESS, chat: URL, pager: URL/,
    },
    {
      name: 'a route to a receiver that does not exist',
      text: GOOD.replace('critical_production: pager', 'critical_production: pagr'),
      expected: /inventory\/alerting\.yml:7: route\.critical_production: unknown receiver "pagr"; did you mean "pager"\?/,
    },
    {
      name: 'mail without a relay',
      text: GOOD.replace(/^smtp:.*\n/, ''),
      expected: /inventory\/alerting\.yml:2: receivers\.team\.email: mail needs a relay: add smtp: \{smarthost: HOST:PORT, from: ADDRESS\}/,
    },
    {
      name: 'a pager address that is not a URL',
      text: GOOD.replace('"https://pager.example.com/hook"', 'pager.example.com'),
      expected: /inventory\/alerting\.yml:4: receivers\.pager\.pager: "pager\.example\.com" does not match/,
    },
  ];
  it.each(cases)('$name: a validate error with file and line', async ({ text, expected }) => {
    const root = makeRepo('basic', { 'inventory/alerting.yml': text });
    const result = await runCli(['--root', root, 'validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
  });
});
