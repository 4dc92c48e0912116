/**
 * The `deployment-all` command line: parsing only. Each command lives in
 * commands/<name>.ts and is imported when used, so `--version` starts in a blink.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../lib/errors.js';
import { reportError } from './errors.js';
import { painter, processIo, useColor, type Io } from './output.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export interface GlobalOptions {
  root: string;
}

function buildProgram(io: Io, setResult: (code: Promise<number>) => void): Command {
  const program = new Command('deployment-all')
    .description('Render, validate and deploy a GitOps deployment repository (inventory/ + projects/ + templates/).')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addOption(new Option('--root <dir>', 'the deployment repository').default(io.env.DEPLOYMENT_ALL_ROOT ?? io.cwd, 'the current folder or $DEPLOYMENT_ALL_ROOT'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(io.paint.red(text)) })
    .addHelpText('after', '\nTargets: ENV, PROJECT or ENV/PROJECT (ENV/* and */PROJECT too); none means everything.\nExit status: 0 ok, 1 failure, 2 usage error.');

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('render')
    .description('render projects into Kubernetes manifests (secret values are never written)')
    .argument('[targets...]', 'ENV, PROJECT or ENV/PROJECT')
    .option('-o, --out <dir>', 'output folder, replaced as a whole', 'out')
    .option('--stdout', 'print the objects instead of writing files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action((targets: string[], options: { out: string; format: 'yaml' | 'json'; stdout?: boolean }) =>
      setResult(import('./commands/render.js').then((m) => m.renderCommand(io, globals(), targets, options))),
    );

  program
    .command('validate')
    .description('render and validate without writing anything; reports every problem at once')
    .argument('[targets...]', 'ENV, PROJECT or ENV/PROJECT')
    .action((targets: string[]) => setResult(import('./commands/validate.js').then((m) => m.validateCommand(io, globals(), targets))));

  program
    .command('template')
    .description('render one template with the given variables to stdout (for debugging templates)')
    .argument('<file>', 'template file; imports resolve from its folder, then templates/')
    .option('--vars <file>', 'YAML file of variables (repeatable; later files win)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--env <environment>', 'make cki_variable() and cki_secret() answer for this environment')
    .action((file: string, options: { vars: string[]; env?: string }) =>
      setResult(import('./commands/template.js').then((m) => m.templateCommand(io, globals(), file, options))),
    );

  program
    .command('variable')
    .description('print an inventory variable as seen by an environment (for shell scripts)')
    .argument('<name>', 'variable name')
    .requiredOption('--env <environment>', 'environment', io.env.DEPLOYMENT_ALL_ENVIRONMENT)
    .action((name: string, options: { env: string }) => setResult(import('./commands/variable.js').then((m) => m.variableCommand(io, globals(), name, options))));

  program
    .command('secret')
    .description('print a secret value from the secrets backend (for shell scripts; never logged)')
    .argument('<name>', 'secret name from inventory/secrets.yml')
    .requiredOption('--env <environment>', 'environment', io.env.DEPLOYMENT_ALL_ENVIRONMENT)
    .option('--secrets-file <file>', 'local secrets file (default $DEPLOYMENT_ALL_SECRETS_FILE or ~/.config/deployment-all/secrets.yml)')
    .option('--secrets-backend <kind>', 'vault or file (default: vault when VAULT_ADDR is set)')
    .action((name: string, options: { env: string; secretsFile?: string }) =>
      setResult(import('./commands/secret.js').then((m) => m.secretCommand(io, globals(), name, options))),
    );

  program
    .command('apply')
    .description('deploy: server-side apply in order, prune what we applied before and no longer render, record a revision')
    .argument('[targets...]', 'ENV, PROJECT or ENV/PROJECT')
    .option('--dry-run', 'ask the API server what would change; store nothing')
    .option('--force', 'apply even when nothing changed since the last deploy')
    .option('--force-conflicts', 'take over fields owned by other field managers')
    .option('--allow-mass-prune', 'allow pruning on an empty render or of more than half of a project')
    .option('--wait', 'wait until Deployments, StatefulSets and DaemonSets rolled out and Jobs completed')
    .option('--timeout <duration>', 'how long --wait waits per project (90s, 5m, ...)', '5m')
    .option('--concurrency <n>', 'projects applied at once per environment', '4')
    .option('--context <name>', 'kubeconfig context (default: the environment\'s cluster name, else the current context)')
    .option('--secrets-file <file>', 'local secrets file (default $DEPLOYMENT_ALL_SECRETS_FILE or ~/.config/deployment-all/secrets.yml)')
    .option('--secrets-backend <kind>', 'vault or file (default: vault when VAULT_ADDR is set)')
    .action((targets: string[], options: import('./commands/apply.js').ApplyCommandOptions) =>
      setResult(import('./commands/apply.js').then((m) => m.applyCommand(io, globals(), targets, options))),
    );

  program
    .command('diff')
    .description('show what apply would change (server-side dry run), Secret values masked; exit 0 none, 1 changes, 2 error')
    .argument('[targets...]', 'ENV, PROJECT or ENV/PROJECT')
    .option('--concurrency <n>', 'objects compared at once', '4')
    .option('--context <name>', 'kubeconfig context (default: the environment\'s cluster name, else the current context)')
    .option('--secrets-file <file>', 'local secrets file (default $DEPLOYMENT_ALL_SECRETS_FILE or ~/.config/deployment-all/secrets.yml)')
    .option('--secrets-backend <kind>', 'vault or file (default: vault when VAULT_ADDR is set)')
    .action((targets: string[], options: import('./commands/diff.js').DiffCommandOptions) =>
      setResult(import('./commands/diff.js').then((m) => m.diffCommand(io, globals(), targets, options, painter(useColor(process.stdout, io.env))))),
    );

  program
    .command('history')
    .description('list the recorded revisions of deployed projects (from the stored inventories)')
    .argument('[targets...]', 'ENV, PROJECT or ENV/PROJECT')
    .option('--context <name>', 'kubeconfig context')
    .action((targets: string[], options: { context?: string }) =>
      setResult(import('./commands/history.js').then((m) => m.historyCommand(io, globals(), targets, options))),
    );

  program
    .command('rollback')
    .description('re-render the commit a revision recorded, with its images, and apply it')
    .argument('<target>', 'ENV/PROJECT')
    .requiredOption('--to <revision>', 'revision number (see history)')
    .option('--force-conflicts', 'take over fields owned by other field managers')
    .option('--allow-mass-prune', 'allow pruning on an empty render or of more than half of the project')
    .option('--context <name>', 'kubeconfig context')
    .option('--secrets-file <file>', 'local secrets file')
    .option('--secrets-backend <kind>', 'vault or file (default: vault when VAULT_ADDR is set)')
    .action((target: string, options: import('./commands/history.js').RollbackCommandOptions) =>
      setResult(import('./commands/history.js').then((m) => m.rollbackCommand(io, globals(), target, options))),
    );

  program
    .command('schema')
    .description('print the JSON Schema of project-vars files (for editors)')
    .action(() => setResult(import('./commands/schema.js').then((m) => m.schemaCommand(io))));

  return program;
}

/** Runs the CLI; resolves to the exit status. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let result: Promise<number> = Promise.resolve(0);
  const program = buildProgram(io, (code) => {
    result = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return await result;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`${io.paint.red('error:')} ${error.message}\n(run with --help for usage)\n`);
      return 2;
    }
    return reportError(error, io);
  }
}
