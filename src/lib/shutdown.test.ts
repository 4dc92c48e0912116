import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';
import { onShutdown } from './shutdown.js';

afterEach(() => {
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
});

describe('onShutdown', () => {
  it('runs every step in order on SIGTERM, then exits 0; a failing step makes it 1', async () => {
    const order: string[] = [];
    const codes: number[] = [];
    const logger = createLogger('t', { level: 'silent', env: {} });
    const shutdown = onShutdown(
      logger,
      [
        async () => {
          order.push('stop accepting');
        },
        async () => {
          order.push('drain');
          throw new Error('drain failed');
        },
        async () => {
          order.push('close');
        },
      ],
      (code) => codes.push(code),
    );
    expect(process.listenerCount('SIGTERM')).toBe(1);
    await shutdown();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['stop accepting', 'drain', 'close']);
    expect(codes).toEqual([1]);
  });
});
