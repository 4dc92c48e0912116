/**
 * How a command file plugs into the program. A new command `x`:
 *
 * - `commands/x.ts` exports `xCommand(cli): Command` building the commander Command
 *   (name, description, arguments, options with help; shared ones from options.ts)
 *   with `.action(cli.action(runX))`, and `runX(io, globals, ...args)`, which does
 *   the work and returns the exit status; errors it throws go to the one handler
 *   (errors.ts), so it catches none.
 * - The file imports only light modules at its top (commander, options.ts, lib/errors,
 *   types); `runX` imports the engine (`await import('../../deploy/...')`), so
 *   `--help` never loads the Kubernetes or Vault client (test/unit/cli-startup.test.ts).
 * - main.ts lists it in COMMANDS.
 *
 * Types only: nothing here is loaded at run time.
 */
import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import type { Io } from './output.js';

/** A command's run function: its arguments and options in, its exit status out. */
export type RunCommand<A extends unknown[]> = (io: Io, globals: GlobalOptions, ...args: A) => Promise<number>;

export interface ActionSettings {
  /**
   * Exit status for a failure of this command (default 1). `diff` uses 2, because
   * its 1 means "there are changes".
   */
  failureStatus?: number;
}

export interface Cli {
  readonly io: Io;
  /** The commander action running `run`; arguments as commander passes them (arguments, options, command). */
  action<A extends unknown[]>(run: RunCommand<A>, settings?: ActionSettings): (...args: A) => Promise<void>;
}

/** Builds one command; main.ts registers the list. */
export type CommandFactory = (cli: Cli) => Command;
