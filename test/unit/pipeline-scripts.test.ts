/** The shell helpers the pipeline's jobs call (scripts/pipeline/), run as the jobs run them. */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../helpers/fixture-repo.js';

const SCRIPTS = join(REPOSITORY_ROOT, 'scripts', 'pipeline');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script without blocking the event loop (the curl test's server answers meanwhile). */
function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(join(SCRIPTS, script), args, { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function executable(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/usr/bin/env bash\nset -euo pipefail\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

it('every helper fails loudly: bash with set -euo pipefail', () => {
  const scripts = readdirSync(SCRIPTS);
  expect(scripts.sort()).toEqual(['curl-retry', 'deploy-job', 'diff-job', 'generate-job', 'retry', 'review-job', 'secret', 'status-job', 'variable']);
  for (const script of scripts) expect(readFileSync(join(SCRIPTS, script), 'utf8')).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)*set -euo pipefail\n/);
});

describe('retry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-retry-'));
  // Records each wait instead of sleeping.
  const sleep = executable(dir, 'record-sleep', `echo "$1" >> "${dir}/waits"`);
  const waits = (): string[] => readFileSync(join(dir, 'waits'), 'utf8').trim().split('\n');

  it('runs the command again with doubling waits until it succeeds', async () => {
    writeFileSync(join(dir, 'count'), '0');
    writeFileSync(join(dir, 'waits'), '');
    const flaky = executable(dir, 'flaky', `n=$(cat "${dir}/count"); echo $((n + 1)) > "${dir}/count"; [ "$n" -ge 2 ] || exit 3; echo done`);
    const result = await run('retry', ['-d', '2', '--', flaky], { RETRY_SLEEP: sleep });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('done\n');
    expect(waits()).toEqual(['2', '4']);
    expect(result.stderr).toContain('failed (exit status 3, attempt 1 of 5); again in 2s');
  });

  it("gives up after the limit with the command's status, the waits capped", async () => {
    writeFileSync(join(dir, 'waits'), '');
    const result = await run('retry', ['-n', '4', '-d', '1', '-m', '3', '--', 'bash', '-c', 'exit 7'], { RETRY_SLEEP: sleep });
    expect(result.code).toBe(7);
    expect(waits()).toEqual(['1', '2', '3']);
    expect(result.stderr).toContain('retry: bash failed 4 times (last exit status 7); giving up');
  });

  it.each([
    [[], 'no command'],
    [['-n', 'many', '--', 'true'], 'attempts must be a whole number'],
    [['-x', '--', 'true'], 'unknown option -x'],
  ])('refuses %j: exit 2', async (args, message) => {
    const result = await run('retry', args);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });
});

describe('curl-retry', () => {
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    const n = (hits.get(url) ?? 0) + 1;
    hits.set(url, n);
    if (url === '/flaky' && n === 1) response.writeHead(503).end('busy\n');
    else if (url === '/missing') response.writeHead(404).end('no such thing\n');
    else response.writeHead(200).end('ok\n');
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('retries a 503 and succeeds', async () => {
    const result = await run('curl-retry', [`${base}/flaky`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('ok\n');
    expect(hits.get('/flaky')).toBe(2);
  });

  it("fails on a 404 at once, with curl's status 22 and the server's body on stderr", async () => {
    const result = await run('curl-retry', [`${base}/missing`]);
    expect(result.code).toBe(22);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('404');
    expect(result.stderr).toContain('no such thing\n');
    expect(hits.get('/missing')).toBe(1);
  });

  it('refuses -o, since it owns the output: exit 2', async () => {
    for (const option of ['-o', '-O', '--remote-name']) {
      const result = await run('curl-retry', [option, `${base}/ok`]);
      expect(result.stderr).toContain(`redirect it instead of ${option}`);
      expect(result.code).toBe(2);
    }
    expect(hits.get('/ok')).toBeUndefined();
  });

  it('refuses a bad setting: exit 2', async () => {
    const result = await run('curl-retry', [`${base}/ok`], { CURL_RETRIES: 'lots' });
    expect(result.stderr).toContain('CURL_RETRIES and CURL_MAX_TIME must be whole numbers');
    expect(result.code).toBe(2);
  });
});

describe('deploy-job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-deploy-job-'));
  // Stands in for the CLI: prints its arguments and the GitLab variables it was given.
  const cli = executable(dir, 'fake-cli', 'printf "%s\\n" "$@"; echo "pipeline=$CI_PIPELINE_URL"; exit "${FAKE_STATUS:-0}"');

  it("runs apply ENV/PROJECT --wait with the job's pinned images, GitLab's variables passed on", async () => {
    const result = await run('deploy-job', ['production/api'], {
      DEPLOYMENT_ALL: cli,
      DEPLOY_IMAGES: 'quay.io/cki/api:v2 quay.io/cki/tools:v2',
      CI_PIPELINE_URL: 'https://gitlab.example.com/p/1',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'apply\nproduction/api\n--wait\n--image\nquay.io/cki/api:v2\n--image\nquay.io/cki/tools:v2\npipeline=https://gitlab.example.com/p/1\n',
    );
    expect(result.stderr).toContain('deploy-job: production/api, commit -, pipeline https://gitlab.example.com/p/1');
  });

  it("exits with the CLI's status", async () => {
    const result = await run('deploy-job', ['production/api'], { DEPLOYMENT_ALL: cli, FAKE_STATUS: '3', CI_PIPELINE_URL: 'x' });
    expect(result.code).toBe(3);
  });

  it.each([[[]], [['production']], [['../etc/api']], [['a/b', 'c']]])('refuses %j: exit 2', async (args) => {
    const result = await run('deploy-job', args, { DEPLOYMENT_ALL: cli });
    expect(result.stderr).toMatch(/deploy-job: error: (usage|target)/);
    expect(result.code).toBe(2);
  });
});

describe('secret and variable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-getters-'));
  const TOKEN = 'glpat-never-in-a-log-8c1f';
  const secrets = join(dir, 'secrets.yml');
  writeFileSync(secrets, `GITLAB_TOKEN: ${TOKEN}\nHERDER_SENTRY_DSN: ""\n`);
  // The real CLI with the file backend, on the bundled repository (the tests' working directory).
  const env = { DEPLOYMENT_ALL_SECRETS_FILE: secrets, DEPLOYMENT_ALL_ENVIRONMENT: 'production' };

  it('secret prints the value on stdout only, for capture', async () => {
    const result = await run('secret', ['GITLAB_TOKEN'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${TOKEN}\n`);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('secret never traces the value, even when the caller exports xtrace', async () => {
    const result = await run('secret', ['GITLAB_TOKEN', 'staging'], { ...env, SHELLOPTS: 'xtrace' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${TOKEN}\n`);
    expect(result.stderr).not.toContain(TOKEN);
  });

  it.each([
    [['GITLAB_TOKN'], 'could not read secret GITLAB_TOKN for environment production'],
    [['HERDER_SENTRY_DSN'], 'secret HERDER_SENTRY_DSN is empty for environment production'],
  ])('secret %j fails loudly, naming the secret: exit 1', async (args, message) => {
    const result = await run('secret', args, env);
    expect(result.stderr).toContain(`secret: error: ${message}`);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.code).toBe(1);
  });

  it("variable prints the environment's value", async () => {
    const result = await run('variable', ['RABBITMQ_PORT', 'testing'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('5672\n');
    expect((await run('variable', ['RABBITMQ_PORT'], env)).stdout).toBe('5671\n');
  });

  it('variable fails loudly on an undefined variable: exit 1', async () => {
    const result = await run('variable', ['NO_SUCH_VARIABLE'], env);
    expect(result.stderr).toContain('variable NO_SUCH_VARIABLE is not defined for environment production');
    expect(result.stderr).toContain('variable: error: could not read variable NO_SUCH_VARIABLE for environment production');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it.each([
    ['secret', [], 'usage: secret NAME [ENV]'],
    ['secret', ['GITLAB_TOKEN'], 'no environment for secret GITLAB_TOKEN'],
    ['variable', ['HOST', 'production', 'extra'], 'usage: variable NAME [ENV]'],
    ['variable', ['HOST'], 'no environment for variable HOST'],
  ])('%s %j is a usage error: exit 2', async (script, args, message) => {
    const result = await run(script, args, { DEPLOYMENT_ALL_SECRETS_FILE: secrets });
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });
});

describe('diff-job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-diff-job-'));
  // Stands in for `deployment-all diff`: a diff on stdout, the CLI's summary on stderr, status $FAKE_STATUS.
  const cli = executable(
    dir,
    'fake-cli',
    'echo "$*" >&2; [ "${FAKE_STATUS:-0}" = 0 ] || printf "would create Deployment/t/a\\n+x\\nwould change ConfigMap/t/b\\n-y\\n"; exit "${FAKE_STATUS:-0}"',
  );

  it("changes (diff's exit 1) are a result: the diff kept as an artifact, a summary, exit 0", async () => {
    const result = await run('diff-job', ['staging'], { DEPLOYMENT_ALL: cli, FAKE_STATUS: '1' }, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('diff staging');
    expect(result.stdout).toBe('diff-job: staging: 2 object(s) would change (1 created, 0 pruned); the diff is the artifact diff/staging.diff\n');
    expect(readFileSync(join(dir, 'diff/staging.diff'), 'utf8')).toContain('would change ConfigMap/t/b\n-y');
  });

  it('no changes: exit 0, said so', async () => {
    const result = await run('diff-job', ['testing'], { DEPLOYMENT_ALL: cli }, dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('diff-job: testing: no changes\n');
  });

  it("the CLI's error (exit 2) fails the job with 2", async () => {
    const result = await run('diff-job', ['production'], { DEPLOYMENT_ALL: cli, FAKE_STATUS: '2' }, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('diff-job: error: diff of production failed (exit status 2)');
  });
});

describe('status-job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-status-job-'));
  // Stands in for `deployment-all status --format html --out FILE`: prints its arguments, writes FILE, exits $FAKE_STATUS.
  const cli = executable(dir, 'fake-cli', 'echo "args: $*" >&2; echo "<table>" > "$5"; exit "${FAKE_STATUS:-0}"');

  it('writes the page as public/index.html, and never fails on a verdict without STATUS_FAIL_ON', async () => {
    const result = await run('status-job', [], { DEPLOYMENT_ALL: cli }, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('args: status --format html --out public/index.html\n');
    expect(result.stdout).toBe('status-job: the page is the artifact public/index.html\n');
    expect(readFileSync(join(dir, 'public/index.html'), 'utf8')).toBe('<table>\n');
  });

  it('STATUS_FAIL_ON is passed as --fail-on; a problem named there fails the job with 1, the page written', async () => {
    const result = await run('status-job', [], { DEPLOYMENT_ALL: cli, STATUS_FAIL_ON: 'drifted,unhealthy', FAKE_STATUS: '1' }, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('args: status --format html --out public/index.html --fail-on drifted,unhealthy\n');
    expect(result.stderr).toContain('status-job: a cell has a problem named by STATUS_FAIL_ON=drifted,unhealthy');
  });
});

describe('generate-job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-generate-job-'));
  // Stands in for `deployment-all pipeline --out DIR`: writes $FAKE_FILES files, or fails with $FAKE_STATUS.
  const cli = executable(
    dir,
    'fake-cli',
    '[ "${FAKE_STATUS:-0}" = 0 ] || { echo "projects/x/project-vars.yml.j2:3: broken" >&2; exit "$FAKE_STATUS"; }; mkdir -p "$3"; for i in $(seq "${FAKE_FILES:-1}"); do printf "stages: [a]\\na/x:\\n  script:\\n    - scripts/pipeline/deploy-job a/x\\n" > "$3/deploy-$i.yml"; done',
  );

  it('writes the child pipeline for the trigger job', async () => {
    const result = await run('generate-job', ['out'], { DEPLOYMENT_ALL: cli }, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('generate-job: child pipeline out/deploy-1.yml: 1 deploy job(s)\n');
    expect(readdirSync(join(dir, 'out'))).toEqual(['deploy-1.yml']);
  });

  it("a broken render fails with the CLI's problems and leaves no child pipeline, not even an earlier one", async () => {
    const result = await run('generate-job', ['out'], { DEPLOYMENT_ALL: cli, FAKE_STATUS: '1' }, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('projects/x/project-vars.yml.j2:3: broken');
    expect(result.stderr).toContain('generate-job: error: no child pipeline generated');
    expect(readdirSync(dir)).not.toContain('out');
  });

  it('past 500 jobs keeps every child pipeline for the first one to trigger', async () => {
    const result = await run('generate-job', ['out'], { DEPLOYMENT_ALL: cli, FAKE_FILES: '2' }, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'generate-job: child pipeline out/deploy-1.yml: 1 deploy job(s)\ngenerate-job: child pipeline out/deploy-2.yml: 1 deploy job(s)\n',
    );
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['deploy-1.yml', 'deploy-2.yml']);
  });
});

describe('review-job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-all-review-job-'));
  const cli = executable(dir, 'fake-cli', 'printf "%s\\n" "$@"');

  it.each([
    ['micro-service', 'apply\ntesting/micro-service\n--wait\n'],
    ['all', 'apply\ntesting\n--wait\n'],
  ])("deploy %s applies the merge request's render to testing", async (project, args) => {
    const result = await run('review-job', ['deploy', project], { DEPLOYMENT_ALL: cli, CI_MERGE_REQUEST_IID: '42' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(args);
    expect(result.stderr).toContain('deploying merge request !42');
  });

  it("stop applies testing again from the default branch's tree, fetched from origin", async () => {
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' });
    const origin = mkdtempSync(join(tmpdir(), 'deployment-all-review-origin-'));
    git(origin, 'init', '-q', '-b', 'main');
    mkdirSync(join(origin, 'projects/api'), { recursive: true });
    mkdirSync(join(origin, 'inventory'));
    writeFileSync(join(origin, 'projects/api/project-vars.yml.j2'), 'on main\n');
    writeFileSync(join(origin, 'inventory/variables.yml'), 'variables: {}\n');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-qm', 'main');
    const checkout = mkdtempSync(join(tmpdir(), 'deployment-all-review-mr-'));
    git(checkout, 'clone', '-q', origin, '.');
    git(checkout, 'checkout', '-qb', 'feature');
    writeFileSync(join(checkout, 'projects/api/project-vars.yml.j2'), 'on the merge request\n');
    git(checkout, 'commit', '-qam', 'change');
    // Prints its arguments and what the tree it was given holds.
    const recorder = executable(dir, 'record-cli', 'printf "%s\\n" "$@"; cat "$2/projects/api/project-vars.yml.j2"');
    const result = await run('review-job', ['stop', 'api'], { DEPLOYMENT_ALL: recorder, CI_MERGE_REQUEST_IID: '42', CI_DEFAULT_BRANCH: 'main' }, checkout);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^--root\n\/.+\napply\ntesting\/api\n--wait\non main\n$/);
    expect(result.stderr).toContain('merge request !42: putting back testing/api of main');
  });

  it.each([
    [['deploy', 'api'], {}, 'not a merge request pipeline'],
    [['deploy', '../x'], { CI_MERGE_REQUEST_IID: '1' }, 'must be a DNS label'],
    [['start', 'api'], { CI_MERGE_REQUEST_IID: '1' }, 'unknown action "start"'],
  ])('refuses %j: exit 2', async (args, env, message) => {
    const result = await run('review-job', args, { DEPLOYMENT_ALL: cli, ...env });
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });
});
