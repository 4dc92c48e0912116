import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokerConfigFromEnv, connectArguments, shuffled } from './config.js';

describe('brokerConfigFromEnv', () => {
  it('reads the host list, port, credentials and defaults', () => {
    const config = brokerConfigFromEnv({ RABBITMQ_HOST: ' a.example  b.example ', RABBITMQ_USER: 'u', RABBITMQ_PASSWORD: 'p' });
    expect(config).toMatchObject({ hosts: ['a.example', 'b.example'], port: 5672, user: 'u', password: 'p', vhost: '/', tls: false });
  });

  it('uses TLS on 5671 and 443 with the CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mq-config-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, 'PEM DATA');
    for (const port of ['5671', '443']) {
      const config = brokerConfigFromEnv({ RABBITMQ_HOST: 'h', RABBITMQ_PORT: port, RABBITMQ_CAFILE: ca });
      expect(config.tls).toBe(true);
      const { options, socket } = connectArguments(config, 'h');
      expect(options.protocol).toBe('amqps');
      expect(socket.servername).toBe('h');
      expect(String((socket.ca as Buffer[])[0])).toBe('PEM DATA');
    }
  });

  it('names the variable on bad input', () => {
    expect(() => brokerConfigFromEnv({})).toThrow(/RABBITMQ_HOST/);
    expect(() => brokerConfigFromEnv({ RABBITMQ_HOST: 'h', RABBITMQ_PORT: 'amqp' })).toThrow(/RABBITMQ_PORT/);
    const config = brokerConfigFromEnv({ RABBITMQ_HOST: 'h', RABBITMQ_PORT: '5671', RABBITMQ_CAFILE: '/nonexistent/ca.pem' });
    expect(() => connectArguments(config, 'h')).toThrow(/RABBITMQ_CAFILE: cannot read \/nonexistent\/ca.pem/);
  });
});

describe('shuffled', () => {
  it('keeps every host and varies the order', () => {
    const hosts = ['a', 'b', 'c', 'd', 'e'];
    const orders = new Set<string>();
    for (let run = 0; run < 50; run += 1) {
      const order = shuffled(hosts);
      expect([...order].sort()).toEqual(hosts);
      orders.add(order.join());
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});
