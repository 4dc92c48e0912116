/**
 * How a command file plugs into the program: it builds its commander Command and
 * wraps its run function with `cli.action()`, which passes the global options in
 * and takes the exit status out. Command files import only light modules at the
 * top and the engine inside their run function, so `--help` and commands that
 * need no cluster never load the Kubernetes client. Types only: nothing here is
 * loaded at run time.
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
