import * as Sentry from '@sentry/node';
import { deploymentEnvironment, type Env } from './env.js';

/**
 * Initialises Sentry when `SENTRY_DSN` is set, and only then (no DSN, no network
 * traffic and no global handlers). Returns whether it did.
 */
export function initSentry(service: string, env: Env = process.env): boolean {
  const dsn = env.SENTRY_DSN?.trim();
  if (dsn === undefined || dsn === '') return false;
  Sentry.init({ dsn, environment: deploymentEnvironment(env), serverName: service });
  return true;
}
