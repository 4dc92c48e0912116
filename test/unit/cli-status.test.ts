/** `status` options and targets that are wrong: usage errors (exit 2) naming the option and what it takes, before any cluster is asked. */
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

describe('status: bad options', () => {
  const root = makeRepo('basic');
  it.each([
    [['--fail-on', 'drifted,late'], '--fail-on drifted,late: unknown kind "late"; known: unhealthy, drifted, behind, error, unreachable'],
    [['--format', 'xml'], "option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are table, json, html."],
    [['--serve', '--port', 'http'], '--port http: must be a port number (0 to 65535)'],
    [['--serve', '--interval', 'soon'], '--interval'],
    [['nowhere'], 'target "nowhere": no such environment'],
  ])('status %j', async (args, message) => {
    const result = await runCli(['--root', root, 'status', ...args]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
