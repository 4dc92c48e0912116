/** Terminal output: colour only on a terminal, never when NO_COLOR is set (https://no-color.org). */

export interface Painter {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  bold(text: string): string;
}

export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function painter(enabled: boolean): Painter {
  const wrap = (code: number, reset: number) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[${reset}m` : text);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), bold: wrap(1, 22) };
}

/** Where commands write: injectable so tests run the CLI in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Painter for stderr messages. */
  paint: Painter;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  // `deployment-all render --stdout | head`: a closed pipe ends the output, not with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    paint: painter(useColor(process.stderr)),
    env: process.env,
    cwd: process.cwd(),
  };
}
