/** The program's own options, given before the command; every command's run function receives them (see rootOption()). */
export interface GlobalOptions {
  /** The deployment repository, as given (resolve it against `io.cwd`). */
  root: string;
}
