/**
 * Arguments and options that several commands share, built in one place so their
 * names, defaults and help read the same everywhere, and the parsers of their values.
 */
import { resolve } from 'node:path';
import { Argument, Option } from 'commander';
import { parseDuration } from '../lib/duration.js';
import { UsageError } from '../lib/errors.js';
import type { SecretsBackend } from '../secrets/backend.js';
import type { BackendChoice } from '../secrets/backend-choice.js';
import type { Io } from './output.js';

/** `--root DIR`, the program's option: the deployment repository, default the current folder or $DEPLOYMENT_ALL_ROOT. */
export function rootOption(io: Io): Option {
  return new Option('--root <dir>', 'the deployment repository').default(io.env.DEPLOYMENT_ALL_ROOT ?? io.cwd, 'the current folder or $DEPLOYMENT_ALL_ROOT');
}

/** `[targets...]`: ENV, PROJECT or ENV/PROJECT; none means everything. */
export function targetsArgument(): Argument {
  return new Argument('[targets...]', 'ENV, PROJECT or ENV/PROJECT');
}

/** `--context NAME`: the kubeconfig context, for the commands that talk to a cluster. */
export function contextOption(): Option {
  return new Option('--context <name>', "kubeconfig context (default: the environment's cluster name, else the current context)");
}

/** `--refresh-images`: resolve image tags anew instead of keeping the digests the last revision deployed. */
export function refreshImagesOption(): Option {
  return new Option(
    '--refresh-images',
    "resolve every image tag of the environment's image_registries anew (by default a tag the last revision deployed keeps that digest)",
  );
}

/** `--secrets-file FILE`: the local secrets file backend. */
export function secretsFileOption(): Option {
  return new Option('--secrets-file <file>', 'local secrets file (default $DEPLOYMENT_ALL_SECRETS_FILE or ~/.config/deployment-all/secrets.yml)');
}

/** `--secrets-backend vault|file`. */
export function secretsBackendOption(): Option {
  return new Option('--secrets-backend <kind>', 'vault or file (default: vault when VAULT_ADDR is set)');
}

/** `--env ENV`, required, default $DEPLOYMENT_ALL_ENVIRONMENT: the environment a lookup answers for. */
export function environmentOption(io: Io): Option {
  return new Option('--env <environment>', 'environment').default(io.env.DEPLOYMENT_ALL_ENVIRONMENT).makeOptionMandatory();
}

/** `--concurrency N`, default 4; `help` says what runs at once. Parse it with parseConcurrency(). */
export function concurrencyOption(help: string): Option {
  return new Option('--concurrency <n>', help).default('4');
}

/** `--concurrency`: a whole number of at least 1; anything else is a usage error. */
export function parseConcurrency(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--concurrency ${text}: must be a whole number of at least 1`);
  return value;
}

/** A duration option such as 90s, 5m or 1h (the library's parser); a bad one is a usage error naming `option`. */
export function parseDurationOption(text: string, option: string): number {
  try {
    return parseDuration(text, option);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--timeout`: a duration, or a bare number of seconds. */
export function parseTimeout(text: string): number {
  return parseDurationOption(/^\d+(\.\d+)?$/.test(text) ? `${text}s` : text, '--timeout');
}

/** The secrets backend the options choose (`--secrets-file` relative to the working folder); loaded only by commands that read secrets. */
export async function secretsBackend(options: BackendChoice, io: Io): Promise<SecretsBackend> {
  const { secretsBackendFor } = await import('../secrets/backend-choice.js');
  const secretsFile = options.secretsFile === undefined ? undefined : resolve(io.cwd, options.secretsFile);
  return await secretsBackendFor({ ...options, secretsFile }, io.env);
}
