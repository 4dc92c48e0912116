/**
 * Every command of the installed CLI once, on a small fixture repository (a copy of
 * test/fixtures/deploy in a git repository) whose `testing` environment is a fresh
 * namespace of the test cluster: render and validate, the shell helpers, then diff, a
 * dry run, a real apply, a second revision, history, a rollback to the first one and status.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/deploy/', import.meta.url));

/** A git repository from the fixture; its `testing` environment deploys into `namespace`. */
function fixtureRepository(root, namespace) {
  cpSync(FIXTURE, root, { recursive: true });
  rmSync(join(root, 'inventory/environments/it.yml'));
  writeFileSync(
    join(root, 'inventory/environments/testing.yml'),
    [
      'cluster: {name: test-env, server: https://127.0.0.1}',
      `namespace: ${namespace}`,
      'domain: testing.example.com',
      'image_tag: v1',
      'secrets_path: testing',
      'deploy_order: 1',
      '',
    ].join('\n'),
  );
  return $({ cwd: root, quiet: true })`git -c init.defaultBranch=main init -q`;
}

/** Commits everything: the revisions record the commit, and a rollback re-renders it. */
async function commit(root, message) {
  const git = $({ cwd: root, quiet: true });
  await git`git add -A`;
  await git`git -c user.name=ci -c user.email=ci@example.com commit -qm ${message}`;
}

/**
 * Runs the round. `cli(args)` runs the installed `deployment-all` and resolves to its
 * output (never throws on an exit status); `kubectl(args)` reaches the test cluster;
 * `problem(text)` records a failure. Everything it creates is removed at the end.
 */
export async function cliRound({ work, cli, kubectl, problem, log }) {
  const namespace = `prod-install-${randomBytes(4).toString('hex')}`;
  const secret = `ci-${randomBytes(12).toString('hex')}`;
  const root = join(work, 'repository');
  const secrets = join(work, 'secrets.yml');
  await fixtureRepository(root, namespace);
  writeFileSync(secrets, `WEB_TOKEN: ${secret}\n`, { mode: 0o600 });
  writeFileSync(join(work, 'greeting.j2'), '{{ greeting | upper }} from {{ where }}\n');
  writeFileSync(join(work, 'greeting-vars.yml'), 'greeting: hello\nwhere: a production install\n');
  await commit(root, 'v1');
  await kubectl(['create', 'namespace', namespace]);

  /** One command: its exit status, what its output must say, and never the secret. */
  const step = async (args, { status = 0, says = [], mayPrintSecret = false } = {}) => {
    const out = await cli(['--root', root, ...args]);
    const shown = `deployment-all ${args.join(' ')}`;
    log(`  ${shown}: exit ${out.exitCode}`);
    const text = out.stdout + out.stderr;
    const problems = [];
    if (out.exitCode !== status) problems.push(`exit ${out.exitCode}, expected ${status}`);
    for (const expected of says) if (!text.includes(expected)) problems.push(`its output lacks "${expected}"`);
    if (!mayPrintSecret && text.includes(secret)) problems.push('its output shows a secret value');
    if (problems.length > 0) {
      // The first lines say what went wrong (an internal error's stack comes after them).
      const detail = (mayPrintSecret ? text.split(secret).join('***') : text).trim().split('\n').slice(0, 4).join('\n    ');
      problem(`${shown}: ${problems.join('; ')}\n    ${detail}`);
    }
    return out;
  };
  const withSecrets = ['--secrets-file', secrets];

  try {
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    await step(['--version'], { says: [version] });
    await step(['--help'], { says: ['rollback'] });
    await step(['schema'], { says: ['"$schema"'] });
    await step(['validate', 'testing']);
    const out = join(work, 'out');
    await step(['render', 'testing', '--out', out]);
    const rendered = readdirSync(join(out, 'testing')).sort().join(' ');
    if (rendered !== 'monitoring web.yaml worker.yaml')
      problem(`render testing --out wrote ${rendered || 'nothing'}, expected monitoring web.yaml worker.yaml`);
    await step(['template', join(work, 'greeting.j2'), '--vars', join(work, 'greeting-vars.yml')], { says: ['HELLO from a production install'] });
    await step(['variable', 'GREETING', '--env', 'testing'], { says: ['hello'] });
    await step(['secret', 'WEB_TOKEN', '--env', 'testing', ...withSecrets], { says: [secret], mayPrintSecret: true });
    await step(['secrets'], { says: ['WEB_TOKEN'] });

    await step(['diff', 'testing', ...withSecrets], { status: 1, says: [`Deployment/${namespace}/web`] });
    await step(['apply', 'testing', '--dry-run', ...withSecrets], { says: ['testing/web'] });
    await step(['history', 'testing'], { says: ['never deployed'] });
    await step(['apply', 'testing', ...withSecrets], { says: ['testing/web: ', 'testing/worker: 3 created'] });
    await step(['diff', 'testing', ...withSecrets]);

    writeFileSync(join(root, 'projects/worker/project-vars.yml.j2'), 'deployment:\n  image: example.com/worker:v2\n  replicas: 0\n');
    await commit(root, 'v2');
    await step(['apply', 'testing/worker', ...withSecrets], { says: ['testing/worker: 0 created, 1 configured'] });
    await step(['history', 'testing/worker'], { says: ['example.com/worker:v2', 'example.com/worker:v1'] });
    await step(['rollback', 'testing/worker', '--to', '1', ...withSecrets], { says: ['rolling testing/worker back to revision 1'] });
    const image = await kubectl(['-n', namespace, 'get', 'deployment', 'worker', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']).catch(() => '');
    if (image !== 'example.com/worker:v1')
      problem(`after the rollback, Deployment/${namespace}/worker runs ${image || 'nothing'}, expected example.com/worker:v1`);
    await step(['history', 'testing/worker'], { says: ['  3  '] });
    // Rolled back to v1 while the checkout renders v2: behind, by one commit.
    await step(['status', 'testing', '--format', 'json', ...withSecrets], { says: ['"status": "behind"', '"commits": 1'] });
    await step(['status', 'testing', '--format', 'html', ...withSecrets], { says: ['<table id="status">'] });
  } finally {
    await kubectl(['delete', 'namespace', namespace, '--wait=false']).catch((error) => problem(`deleting namespace ${namespace}: ${error.message}`));
  }
}
