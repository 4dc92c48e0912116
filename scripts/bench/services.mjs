/**
 * `npm run bench:services`: messages per second through the bundled services on the
 * real RabbitMQ of the test environment, side by side with the limit, a bare amqplib
 * publish-with-confirms / consume-with-acks loop on the same broker (issue 5).
 *
 *   node --expose-gc scripts/bench/services.mjs [--messages 100000] [--herder-events 10000] [--concurrency 64] [--no-build]
 *
 * Builds dist/ first (tsc emits even when other files have type errors). Needs the
 * broker: RABBITMQ_* from the environment, else from `scripts/test-env env --json`.
 * Prints throughput, p50/p99 latency and heap/RSS samples (after GC) over the run, so
 * "memory flat over 100,000 messages" can be read off. Exits 0 unless something crashed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import amqp from 'amqplib';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    'herder-events': { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '64' },
    'no-build': { type: 'boolean', default: false },
  },
});
const N = Math.max(1000, Number(args.messages) || 100_000);
const HERDER_N = Math.max(100, Number(args['herder-events']) || 10_000);
const CONCURRENCY = Math.max(1, Number(args.concurrency) || 64);
const root = fileURLToPath(new URL('../..', import.meta.url));

if (!args['no-build']) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (!process.env.RABBITMQ_HOST) Object.assign(process.env, JSON.parse(execFileSync(`${root}/scripts/test-env`, ['env', '--json'], { encoding: 'utf8' })));
process.env.CKI_LOGGING_LEVEL = 'error';

const dist = (path) => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { createLogger } = await dist('lib/logging.js');
const { brokerConfigFromEnv } = await dist('lib/messagequeue/config.js');
const { BrokerConnection } = await dist('lib/messagequeue/connection.js');
const { Publisher } = await dist('lib/messagequeue/publisher.js');
const { Consumer } = await dist('lib/messagequeue/consumer.js');
const { createRegistry } = await dist('lib/metrics.js');
const { startWebhookReceiver } = await dist('services/webhook-receiver/server.js');
const { startGitLabStandIn } = await dist('services/pipeline-herder/gitlab-stand-in.js');
const { parseMatchers } = await dist('services/pipeline-herder/matchers.js');
const { Herder } = await dist('services/pipeline-herder/herder.js');
const { herderMetrics } = await dist('services/pipeline-herder/metrics.js');

const logger = createLogger('bench', { level: 'error' });
const config = brokerConfigFromEnv();
const url = `amqp://${encodeURIComponent(config.user)}:${encodeURIComponent(config.password)}@${config.hosts[0]}:${config.port}`;
const tag = randomBytes(3).toString('hex');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const mib = (bytes) => (bytes / 1048576).toFixed(1);
function memory() {
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}
function report(name, count, ms, latencies, samples) {
  const sorted = Float64Array.from(latencies).sort();
  const rate = Math.round(count / (ms / 1000));
  const mem = samples.map((s) => `${mib(s.heapUsed)}/${mib(s.rss)}`).join(' -> ');
  console.log(
    `${name.padEnd(34)} ${String(count).padStart(7)} msgs ${String(rate).padStart(7)} msg/s  p50 ${percentile(sorted, 50).toFixed(2)} ms  p99 ${percentile(sorted, 99).toFixed(2)} ms  heap/rss MiB ${mem}`,
  );
  return rate;
}

/** Runs `count` tasks, `CONCURRENCY` at a time; `task(i)` resolves with a latency in ms. Samples memory at 0%, 50%, 100%. */
async function pool(count, task) {
  const latencies = new Float64Array(count);
  const samples = [memory()];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        latencies[i] = await task(i);
        if (i === Math.floor(count / 2)) samples.push(memory());
      }
    }),
  );
  const ms = performance.now() - start;
  samples.push(memory());
  return { ms, latencies, samples };
}

/** Waits until `done()` or the deadline. */
async function until(done, what, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// 1. The limit: bare amqplib, confirm channel + consumer with manual acks, same body size.
const body = Buffer.from(
  JSON.stringify({
    object_kind: 'push',
    project: { path_with_namespace: 'group/project', web_url: 'https://gitlab.example.com/group/project' },
    commits: [{ id: 'e83c5163316f89bfbde7d9ab23ca2e25604af290', message: 'x'.repeat(400) }],
  }),
);
let bareRate;
{
  const connection = await amqp.connect(url);
  const queue = `bench.bare.${tag}`;
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(queue, { durable: true });
  const consumer = await connection.createChannel();
  await consumer.prefetch(CONCURRENCY);
  let consumed = 0;
  await consumer.consume(queue, (message) => {
    if (message) {
      consumed += 1;
      consumer.ack(message);
    }
  });
  const { ms, latencies, samples } = await pool(
    N,
    (i) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        channel.publish('', queue, body, { persistent: true, contentType: 'application/json', headers: { n: i } }, (error) =>
          error ? reject(error) : resolve(performance.now() - t0),
        );
      }),
  );
  await until(() => consumed >= N, 'the bare consumer');
  bareRate = report('bare amqplib publish+confirm+consume', N, ms, latencies, samples);
  await channel.deleteQueue(queue);
  await connection.close();
}

// 2. The webhook receiver: HTTP POST -> token, size, JSON, route -> publish with confirm -> 200; a consumer drains the queue.
let receiverRate;
{
  const exchange = `bench.webhooks.${tag}`;
  const queue = `bench.receiver.${tag}`;
  const connection = new BrokerConnection({ config, logger });
  await connection.onConnect((model) => Publisher.declareExchange(model, exchange));
  connection.start();
  await connection.waitConnected();
  const receiver = await startWebhookReceiver({
    config: { port: 0, exchange, tokens: ['bench-token-1'], maxBodyBytes: 1 << 20 },
    publisher: new Publisher(connection),
    logger,
    registry: createRegistry(),
    host: '127.0.0.1',
  });
  const raw = await amqp.connect(url);
  const channel = await raw.createChannel();
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, '#');
  await channel.prefetch(CONCURRENCY);
  let consumed = 0;
  await channel.consume(queue, (message) => {
    if (message) {
      consumed += 1;
      channel.ack(message);
    }
  });
  // node:http with keep-alive: the load generator shares the CPU with the receiver, so it must be light.
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const headers = { 'x-gitlab-token': 'bench-token-1', 'content-type': 'application/json', 'content-length': body.length };
  const post = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = request({ host: '127.0.0.1', port: receiver.port, method: 'POST', path: '/', agent, headers }, (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`receiver answered ${response.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  const { ms, latencies, samples } = await pool(N, post);
  agent.destroy();
  await until(() => consumed >= N, 'the receiver queue to drain');
  receiverRate = report('webhook-receiver (HTTP -> confirm)', N, ms, latencies, samples);
  await channel.deleteQueue(queue);
  await channel.deleteExchange(exchange);
  await raw.close();
  await receiver.close();
  await connection.close();
}

// 3. The pipeline herder: failed-job events, each judged with the GitLab stand-in (job, log tail, pipeline jobs).
{
  const gitlab = await startGitLabStandIn({ token: 'bench-gitlab' });
  for (let id = 1; id <= HERDER_N; id += 1)
    gitlab.addJob(1, { id, name: `job ${id % 50}`, stage: 'test', status: 'failed', pipelineId: id, trace: 'compiling\nerror: something unknown\n' });
  const matchers = parseMatchers('- {name: net, description: Network., messages: [Connection timed out], action: retry}\n');
  const connection = new BrokerConnection({ config, logger });
  const herder = new Herder({
    gitlab: (await dist('services/pipeline-herder/gitlab.js')).gitlabApi(gitlab.url, 'bench-gitlab', { requestsPerMinute: 1e9 }),
    matchers,
    logger,
    metrics: herderMetrics(createRegistry()),
    sideEffects: false,
    delay: async () => undefined,
  });
  const latencies = new Float64Array(HERDER_N);
  let handled = 0;
  const queue = `bench.herder.${tag}`;
  const consumer = new Consumer(connection, {
    queue,
    privateQueue: false,
    registry: createRegistry(),
    logger,
    prefetch: CONCURRENCY,
    handler: async (message) => {
      await herder.handle(message);
      latencies[handled] = Date.now() - Number(message.headers['x-sent']);
      handled += 1;
      // The stand-in shares the process: keep its request log from counting as the herder's memory.
      if (handled % 1000 === 0) gitlab.requests.length = 0;
    },
  });
  await consumer.start();
  connection.start();
  await connection.waitConnected();
  const raw = await amqp.connect(url);
  const channel = await raw.createConfirmChannel();
  const samples = [memory()];
  const start = performance.now();
  for (let id = 1; id <= HERDER_N; id += 1) {
    const event = {
      object_kind: 'build',
      build_id: id,
      build_status: 'failed',
      project_id: 1,
      build_name: `job ${id % 50}`,
      build_stage: 'test',
      pipeline_id: id,
    };
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(event)), { persistent: true, headers: { 'x-sent': Date.now() } });
    if (id % 500 === 0) await channel.waitForConfirms();
    if (id === HERDER_N / 2) samples.push(memory());
  }
  await channel.waitForConfirms();
  await until(() => handled >= HERDER_N, 'the herder');
  const ms = performance.now() - start;
  samples.push(memory());
  report('pipeline-herder (event -> GitLab x3)', HERDER_N, ms, latencies, samples);
  console.log('  (herder latency = publish to handled; all events are published at once, so it includes the wait in the queue)');
  await consumer.stop();
  await channel.deleteQueue(queue);
  for (const suffix of ['.retry', '.parked']) await channel.deleteQueue(`${queue}${suffix}`);
  await raw.close();
  await connection.close();
  await gitlab.close();
}

const factor = bareRate / receiverRate;
console.log(
  `\nreceiver throughput / bare loop throughput: ${(receiverRate / bareRate).toFixed(2)} (goal: the receiver within 2x of the bare loop, i.e. >= 0.50) ${factor <= 2 ? 'PASS' : 'MISS'}`,
);
console.log(
  `machine: load ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )}, concurrency ${CONCURRENCY}; heap/rss sampled after GC at start, middle, end${globalThis.gc ? '' : ' (run with node --expose-gc for GC before samples)'}`,
);
