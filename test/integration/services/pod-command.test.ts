/**
 * The bundled services stop gracefully in their pods: SIGTERM sent to exactly the command
 * the rendered Deployment runs (the container's main process) drains the service and
 * exits 0, on the real broker; `npm run start:*` passes the signal on the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preprocess } from '../../../scripts/containerfile.mjs';
import { bundledServices, checkService, type BundledService } from '../../../scripts/ci/service-round.mjs';
import { renderRepository } from '../../../src/render/render-repository.js';
import { REPOSITORY_ROOT } from '../../helpers/fixture-repo.js';
import { testEnv } from '../helpers/env.js';
import { brokerEnv, ownVhost, packageRoot } from './helpers.js';

interface Container {
  command?: string[];
  args?: string[];
  workingDir?: string;
}

/** The image's working directory (the last WORKDIR of builds/deployment-all.in): where the package is. */
function imageWorkdir(): string {
  const containerfile = preprocess(join(REPOSITORY_ROOT, 'builds/deployment-all.in'), {
    root: REPOSITORY_ROOT,
    includeDirs: [join(REPOSITORY_ROOT, 'builds/includes')],
  });
  const workdirs = [...containerfile.matchAll(/^WORKDIR\s+(\S+)$/gm)].map((match) => match[1] ?? '');
  expect(workdirs.length, 'builds/deployment-all.in sets a WORKDIR').toBeGreaterThan(0);
  return workdirs.at(-1) ?? '';
}

/** The command and arguments of the project's container in the rendered production Deployment. */
function podCommand(project: string, workdir: string): string[] {
  const { rendered } = renderRepository({ root: REPOSITORY_ROOT, targets: [`production/${project}`] });
  const deployment = rendered.flatMap((r) => r.objects).find((o) => o.kind === 'Deployment' && o.metadata.name === project);
  const container = (deployment?.spec as { template: { spec: { containers: Container[] } } } | undefined)?.template.spec.containers[0];
  expect(container?.command, `the ${project} Deployment names its command`).toBeDefined();
  // Relative paths in the command are relative to the image's working directory.
  expect(container?.workingDir ?? workdir).toBe(workdir);
  return [...(container?.command ?? []), ...(container?.args ?? [])];
}

/** An argument as seen from the package root here instead of the image's working directory. */
function fromPackage(arg: string, workdir: string, root: string): string {
  return arg.startsWith(`${workdir}/`) ? join(root, relative(workdir, arg)) : arg;
}

async function expectGracefulStop(service: BundledService, argv: string[], cwd: string, vhost: string): Promise<void> {
  const broker = brokerEnv(vhost);
  // The command finds node and npm on the PATH, as in the image.
  const env = { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: process.env.HOME, ...broker };
  const { problems, lines } = await checkService(service, { argv, cwd, env, secrets: [testEnv().RABBITMQ_PASSWORD] });
  // Among them: no "stopping" line, the broker connection left open, an exit other than 0, orphans.
  expect(problems, lines.join('\n')).toEqual([]);
}

describe('the bundled services stop gracefully', () => {
  const work = mkdtempSync(join(tmpdir(), 'pod-command-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  for (const name of ['webhook-receiver', 'pipeline-herder']) {
    it(`${name}: SIGTERM to the command of its rendered Deployment drains it and exits 0`, async () => {
      const vhost = await ownVhost('pod-command');
      const service = bundledServices(work, vhost).find((s) => s.name === name);
      if (service === undefined) throw new Error(`scripts/ci/service-round.mjs knows no ${name}`);
      const root = await packageRoot();
      const workdir = imageWorkdir();
      const argv = podCommand(name, workdir).map((arg) => fromPackage(arg, workdir, root));
      await expectGracefulStop(service, argv, root, vhost);
    });

    it(`${name}: SIGTERM to npm run start:${name} reaches the service too`, async () => {
      const vhost = await ownVhost('npm-start');
      const service = bundledServices(work, vhost).find((s) => s.name === name);
      if (service === undefined) throw new Error(`scripts/ci/service-round.mjs knows no ${name}`);
      await expectGracefulStop(service, ['npm', 'run', `start:${name}`], await packageRoot(), vhost);
    });
  }
});
