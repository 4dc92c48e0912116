/**
 * The `deployment-all` command line: the program and its list of commands. Each
 * command lives in commands/<name>.ts (its arguments, options, help and action).
 * Only the module of the command named on the command line is loaded (all of them
 * for the program's own help), and it loads the engine only when it runs, so
 * `--help` and `render --help` start in a blink.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { ActionSettings, Cli, CommandFactory, RunCommand } from './command.js';
import { reportError } from './errors.js';
import type { GlobalOptions } from './global-options.js';
import { rootOption } from './options.js';
import { processIo, type Io } from './output.js';

/** Every command, in the order `--help` lists them. */
const COMMANDS: Readonly<Record<string, () => Promise<CommandFactory>>> = {
  render: async () => (await import('./commands/render.js')).renderCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  template: async () => (await import('./commands/template.js')).templateCommand,
  variable: async () => (await import('./commands/variable.js')).variableCommand,
  secret: async () => (await import('./commands/secret.js')).secretCommand,
  secrets: async () => (await import('./commands/secrets.js')).secretsCommand,
  apply: async () => (await import('./commands/apply.js')).applyCommand,
  diff: async () => (await import('./commands/diff.js')).diffCommand,
  history: async () => (await import('./commands/history.js')).historyCommand,
  rollback: async () => (await import('./commands/rollback.js')).rollbackCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  pipeline: async () => (await import('./commands/pipeline.js')).pipelineCommand,
  schema: async () => (await import('./commands/schema.js')).schemaCommand,
};

/** The command named on the command line: the first word that is neither a global option nor its value. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--root') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** The named command's factory, or every one (for the program's help, `help`, or a misspelt name's suggestion). */
async function commandsFor(argv: readonly string[]): Promise<CommandFactory[]> {
  const name = commandName(argv);
  const names = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  return Promise.all(names.map((n) => (COMMANDS[n] as () => Promise<CommandFactory>)()));
}

/** One run of the program: the command's exit status, and what a failure of it exits with. */
class CliSession implements Cli {
  status = 0;
  failureStatus = 1;

  constructor(readonly io: Io) {}

  action<A extends unknown[]>(run: RunCommand<A>, settings: ActionSettings = {}): (...args: A) => Promise<void> {
    return async (...args: A) => {
      // Commander passes the command itself last; its parent holds the global options.
      const command = args[args.length - 1] as Command;
      this.failureStatus = settings.failureStatus ?? 1;
      this.status = await run(this.io, (command.parent ?? command).opts<GlobalOptions>(), ...args);
    };
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function buildProgram(cli: CliSession, commands: readonly CommandFactory[]): Command {
  const { io } = cli;
  const program = new Command('deployment-all')
    .description('Render, validate and deploy a GitOps deployment repository (inventory/ + projects/ + templates/).')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addOption(rootOption(io))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(io.paint.red(text)) })
    .addHelpText(
      'after',
      '\nTargets: ENV, PROJECT or ENV/PROJECT (ENV/* and */PROJECT too); none means everything.\nExit status: 0 ok, 1 failure, 2 usage error (a bad option or value, an unknown environment or project).',
    );
  // addCommand() does not pass the program's settings on (output, exit override), so copy them.
  for (const make of commands) program.addCommand(make(cli).copyInheritedSettings(program));
  return program;
}

/** Runs the CLI; resolves to the exit status. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const cli = new CliSession(io);
  try {
    await buildProgram(cli, await commandsFor(argv)).parseAsync([...argv], { from: 'user' });
    return cli.status;
  } catch (error) {
    return reportError(error, io, cli.failureStatus);
  }
}
