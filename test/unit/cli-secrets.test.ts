/**
 * `deployment-all secrets [--expiring 30d]`: the catalogue with days left, exit 1 when a
 * secret is expired or expires within the window (for a scheduled pipeline).
 */
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

/** A date `days` from today (UTC), as the catalogue writes it. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function catalogue(entries: Record<string, number | undefined>): string {
  const lines = ['secrets:'];
  for (const [name, days] of Object.entries(entries)) {
    lines.push(`  ${name}:`, `    description: ${name.toLowerCase()}`, '    owner: team');
    if (days !== undefined) lines.push(`    expires: "${inDays(days)}"`);
  }
  return lines.join('\n') + '\n';
}

const secrets = (entries: Record<string, number | undefined>, ...args: string[]) =>
  runCli(['--root', makeRepo('basic', { 'inventory/secrets.yml': catalogue(entries) }), 'secrets', ...args]);

describe('deployment-all secrets', () => {
  it('lists every secret with its days left, the soonest first; exit 0 when none is expired', async () => {
    const result = await secrets({ API_TOKEN: 100, LONG_LIVED: 400, PLAIN: undefined });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+EXPIRES\s+DAYS LEFT\s+STATUS\s+OWNER$/);
    expect(lines[1]).toMatch(new RegExp(`^API_TOKEN\\s+${inDays(100)}\\s+100\\s+ok\\s+team$`));
    expect(lines[2]).toMatch(/^LONG_LIVED\s+\S+\s+400\s+ok/);
    expect(lines[3]).toMatch(/^PLAIN\s+-\s+-\s+no expiry/);
  });

  it('exits 1 for an expired secret, naming it and what to do', async () => {
    const result = await secrets({ API_TOKEN: -3, LONG_LIVED: 400 });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/API_TOKEN\s+\S+\s+-3\s+expired/);
    expect(result.stderr).toContain(
      `error: secret API_TOKEN expired on ${inDays(-3)}; renew it in the secrets backend, then set its new expires date in inventory/secrets.yml`,
    );
    expect(result.stderr).not.toContain('LONG_LIVED');
  });

  it('--expiring 30d fails for a secret inside the window and passes one outside it', async () => {
    const inside = await secrets({ API_TOKEN: 10, LONG_LIVED: 400 }, '--expiring', '30d');
    expect(inside.code).toBe(1);
    expect(inside.stdout).toMatch(/API_TOKEN\s+\S+\s+10\s+expiring/);
    expect(inside.stderr).toMatch(/secret API_TOKEN expires on \S+ \(10 days left\)/);
    expect((await secrets({ API_TOKEN: 40 }, '--expiring', '30d')).code).toBe(0);
    expect((await secrets({ API_TOKEN: 10 })).code).toBe(0);
  });

  it('--format json gives the rows as data', async () => {
    const result = await secrets({ API_TOKEN: 10 }, '--format', 'json');
    expect(JSON.parse(result.stdout)).toEqual([
      { name: 'API_TOKEN', owner: 'team', expires: inDays(10), expiresFrom: 'catalogue', daysLeft: 10, status: 'ok' },
    ]);
  });

  it('with VAULT_ADDR set, Vault is not asked when every secret has a date in the catalogue', async () => {
    const root = makeRepo('basic', { 'inventory/secrets.yml': catalogue({ API_TOKEN: 100 }) });
    // No credentials and nothing listening: any use of Vault would fail the command.
    const result = await runCli(['--root', root, 'secrets'], { env: { VAULT_ADDR: 'http://127.0.0.1:9' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^API_TOKEN\s+\S+\s+100\s+ok/m);
  });

  it('a bad window is a usage error (exit 2); a bad date in the catalogue a problem with its line (exit 1)', async () => {
    const bad = await secrets({ API_TOKEN: 10 }, '--expiring', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--expiring: "soon" is not a duration');
    const root = makeRepo('basic', { 'inventory/secrets.yml': 'secrets:\n  API_TOKEN:\n    description: x\n    expires: "30.6.2027"\n' });
    const badDate = await runCli(['--root', root, 'secrets']);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/inventory\/secrets\.yml:4: secrets\.API_TOKEN\.expires: "30\.6\.2027" does not match/);
  });

  it('a date the calendar does not have (30 February) is a problem with its line, not another day', async () => {
    const root = makeRepo('basic', { 'inventory/secrets.yml': 'secrets:\n  API_TOKEN:\n    description: x\n    expires: "2027-02-30"\n' });
    const result = await runCli(['--root', root, 'secrets']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'inventory/secrets.yml:4: secrets.API_TOKEN.expires: "2027-02-30" is not a day of the calendar; write the date the secret expires as YYYY-MM-DD',
    );
    expect(result.stdout).toBe('');
  });
});
