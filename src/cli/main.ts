/**
 * The `deployment-all` command line: the program and its list of commands. Each
 * command lives in commands/<name>.ts (its arguments, options, help and action) and
 * loads the engine only when it runs, so `--help` starts in a blink.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { CliSession, type CommandFactory } from './cli-session.js';
import { applyCommand } from './commands/apply.js';
import { diffCommand } from './commands/diff.js';
import { historyCommand } from './commands/history.js';
import { renderCommand } from './commands/render.js';
import { rollbackCommand } from './commands/rollback.js';
import { schemaCommand } from './commands/schema.js';
import { secretCommand } from './commands/secret.js';
import { templateCommand } from './commands/template.js';
import { validateCommand } from './commands/validate.js';
import { variableCommand } from './commands/variable.js';
import { reportError } from './errors.js';
import { rootOption } from './global-options.js';
import { processIo, type Io } from './output.js';

/** Every command, in the order `--help` lists them. */
const COMMANDS: readonly CommandFactory[] = [
  renderCommand,
  validateCommand,
  templateCommand,
  variableCommand,
  secretCommand,
  applyCommand,
  diffCommand,
  historyCommand,
  rollbackCommand,
  schemaCommand,
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function buildProgram(cli: CliSession): Command {
  const { io } = cli;
  const program = new Command('deployment-all')
    .description('Render, validate and deploy a GitOps deployment repository (inventory/ + projects/ + templates/).')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addOption(rootOption(io))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(io.paint.red(text)) })
    .addHelpText('after', '\nTargets: ENV, PROJECT or ENV/PROJECT (ENV/* and */PROJECT too); none means everything.\nExit status: 0 ok, 1 failure, 2 usage error (a bad option or value, an unknown environment or project).');
  // addCommand() does not pass the program's settings on (output, exit override), so copy them.
  for (const make of COMMANDS) program.addCommand(make(cli).copyInheritedSettings(program));
  return program;
}

/** Runs the CLI; resolves to the exit status. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const cli = new CliSession(io);
  try {
    await buildProgram(cli).parseAsync([...argv], { from: 'user' });
    return cli.status;
  } catch (error) {
    return reportError(error, io, cli.failureStatus);
  }
}
