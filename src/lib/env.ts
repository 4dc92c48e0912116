import { ConfigError } from './errors.js';

/** Process environment, or a test's own. */
export type Env = Record<string, string | undefined>;

/** `CKI_DEPLOYMENT_ENVIRONMENT`: where this process runs (`production`, `staging`, default `development`). */
export function deploymentEnvironment(env: Env = process.env): string {
  const value = env.CKI_DEPLOYMENT_ENVIRONMENT?.trim();
  return value === undefined || value === '' ? 'development' : value;
}

/**
 * True only in production. Everything else uses private temporary queues and prints
 * side effects instead of doing them, so a developer's run never touches shared state.
 */
export function isProduction(env: Env = process.env): boolean {
  return deploymentEnvironment(env) === 'production';
}

/** A string setting; empty counts as unset. Without a default, a missing setting is an error naming it. */
export function envString(name: string, fallback?: string, env: Env = process.env): string {
  const value = env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(`${name} is not set`);
}

/** An integer setting within [min, max]. */
export function envInteger(name: string, fallback: number, env: Env = process.env, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}: ${JSON.stringify(raw)} is not an integer between ${min} and ${max}`);
  }
  return value;
}

/** A boolean setting: true/false, yes/no, 1/0, on/off (any case). */
export function envBoolean(name: string, fallback: boolean, env: Env = process.env): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(raw)) return true;
  if (['false', 'no', '0', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name}: ${JSON.stringify(env[name])} is not a boolean (true or false)`);
}

/** A space-separated list setting (e.g. `RABBITMQ_HOST`, `WEBHOOK_RECEIVER_TOKENS`). */
export function envList(name: string, env: Env = process.env): string[] {
  return (env[name] ?? '').split(/\s+/).filter((item) => item !== '');
}
