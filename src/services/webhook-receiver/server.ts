import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Counter, Histogram, type Registry } from 'prom-client';
import { type Logger } from '../../lib/logging.js';
import { BrokerUnavailableError } from '../../lib/messagequeue/connection.js';
import { type Publisher } from '../../lib/messagequeue/publisher.js';
import { type ReceiverConfig } from './config.js';
import { BadWebhookError, routeOf, tokenAccepted } from './routing.js';

export interface WebhookReceiverOptions {
  config: ReceiverConfig;
  publisher: Publisher;
  logger: Logger;
  registry: Registry;
  /** Listening address; all interfaces by default. */
  host?: string;
}

export interface WebhookReceiver {
  readonly port: number;
  /** Stops accepting, lets requests in progress finish (their confirms), then resolves. */
  close(): Promise<void>;
}

type Result = 'published' | 'unauthorized' | 'too_large' | 'bad_request' | 'unavailable' | 'not_found';

function receiverMetrics(registry: Registry): { requests: Counter<'event' | 'result'>; duration: Histogram<'result'> } {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'cki_webhook_receiver_requests_total',
      help: 'Webhook requests by event kind and result',
      labelNames: ['event', 'result'],
      registers,
    }),
    duration: new Histogram({
      name: 'cki_webhook_receiver_duration_seconds',
      help: 'Time to answer a webhook, broker confirm included',
      labelNames: ['result'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    }),
  };
}

/** The body, or undefined once more than `limit` bytes arrived (the rest is discarded). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * GitLab's webhook endpoint: `POST /` with `X-Gitlab-Token`. Answers 200 only after
 * the broker confirmed the message, 503 when it cannot (GitLab then retries), and
 * 401/413/400 for a wrong token, an oversize body, or a body that is not a routable
 * JSON event.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const { config, publisher, logger } = options;
  const metrics = receiverMetrics(options.registry);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<{ result: Result; event: string }> {
    const answer = (status: number, text: string, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`${text}\n`);
    };
    if (request.method !== 'POST' || (request.url ?? '/').split('?')[0] !== '/') {
      request.resume();
      answer(404, 'not found: GitLab webhooks are POSTed to /');
      return { result: 'not_found', event: 'none' };
    }
    const token = request.headers['x-gitlab-token'];
    if (!tokenAccepted(typeof token === 'string' ? token : undefined, config.tokens)) {
      request.resume();
      answer(401, 'missing or wrong X-Gitlab-Token');
      return { result: 'unauthorized', event: 'none' };
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    const body = declared > config.maxBodyBytes ? undefined : await readBody(request, config.maxBodyBytes);
    if (body === undefined) {
      request.resume();
      answer(413, `body larger than ${config.maxBodyBytes} bytes`, { connection: 'close' });
      return { result: 'too_large', event: 'none' };
    }
    let route;
    try {
      route = routeOf(JSON.parse(body.toString('utf8')), request.headers['x-gitlab-instance'] as string | undefined);
    } catch (error) {
      const reason = error instanceof BadWebhookError ? error.message : 'body is not valid JSON';
      answer(400, `bad webhook: ${reason}`);
      logger.warn({ reason, bytes: body.length }, 'bad webhook refused');
      return { result: 'bad_request', event: 'none' };
    }
    const headers = {
      'message-type': 'gitlab',
      'message-gitlab-event': request.headers['x-gitlab-event'] ?? route.kind,
      'message-gitlab-host': route.host,
      'message-event-kind': route.kind,
      'message-project-path': route.projectPath,
    };
    try {
      await publisher.publish(config.exchange, route.routingKey, body, { headers });
    } catch (error) {
      if (!(error instanceof BrokerUnavailableError)) throw error;
      logger.warn({ err: error, routingKey: route.routingKey }, 'broker unavailable, webhook refused with 503');
      answer(503, 'message broker unavailable, retry later', { 'retry-after': '10' });
      return { result: 'unavailable', event: route.kind };
    }
    logger.debug({ routingKey: route.routingKey, bytes: body.length }, 'webhook published');
    answer(200, 'ok');
    return { result: 'published', event: route.kind };
  }

  const server = createServer((request, response) => {
    const stopTimer = metrics.duration.startTimer();
    handle(request, response).then(
      ({ result, event }) => {
        metrics.requests.inc({ event, result });
        stopTimer({ result });
      },
      (error: unknown) => {
        logger.error({ err: error }, 'webhook handling failed');
        if (!response.headersSent) response.writeHead(500).end('internal error\n');
        metrics.requests.inc({ event: 'none', result: 'unavailable' });
      },
    );
  });
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
