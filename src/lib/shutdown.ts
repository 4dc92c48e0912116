import { type Logger } from './logging.js';

/** One step of a graceful stop, e.g. stop accepting, drain consumers, close the connection. */
export type ShutdownStep = () => Promise<void>;

/**
 * On SIGTERM (and SIGINT) runs the steps in order, then exits 0; a step that throws is
 * logged and the rest still run (exit 1). A second signal exits at once with 1, for an
 * operator who does not want to wait.
 */
export function onShutdown(logger: Logger, steps: ShutdownStep[], exit: (code: number) => void = (code) => process.exit(code)): () => Promise<void> {
  let running: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    if (running !== undefined) {
      exit(1);
      return running;
    }
    running = (async () => {
      logger.warn('stopping: draining work in progress');
      let code = 0;
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          code = 1;
          logger.error({ err: error }, 'shutdown step failed');
        }
      }
      logger.warn({ code }, 'stopped');
      // The logger writes asynchronously: exit once the last lines are out.
      logger.flush(() => exit(code));
    })();
    return running;
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  return shutdown;
}
