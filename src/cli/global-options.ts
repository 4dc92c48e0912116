/** The program's own options, given before the command; every command's action receives them. */
import { Option } from 'commander';
import type { Io } from './output.js';

export interface GlobalOptions {
  /** The deployment repository, as given (resolve it against `io.cwd`). */
  root: string;
}

/** `--root DIR`: the deployment repository, default the current folder or $DEPLOYMENT_ALL_ROOT. */
export function rootOption(io: Io): Option {
  return new Option('--root <dir>', 'the deployment repository').default(io.env.DEPLOYMENT_ALL_ROOT ?? io.cwd, 'the current folder or $DEPLOYMENT_ALL_ROOT');
}
