/**
 * Development backend: a YAML file outside the repository, mapping secret names to
 * values, optionally per secrets path:
 *
 *   cki/production:
 *     GITLAB_TOKEN: glpat-...
 *   GITLAB_TOKEN: used by every other environment
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { DeploymentAllError } from '../lib/errors.js';
import { isRecord } from '../lib/is-record.js';
import { SecretNotFoundError, type SecretLookup, type SecretMetadata, type SecretsBackend, type SecretValue } from './backend.js';

/**
 * A file has no versions: a value's version is `sha256:` and the first 12 hex digits of
 * its SHA-256, enough to tell a rotated value from the deployed one. It is printed and
 * stored, so it must not give the value away: fine for tokens and keys, but a short,
 * guessable password could be confirmed by hashing guesses (use Vault for those).
 */
export function contentVersion(value: string): string {
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
}

export const SECRETS_FILE_VARIABLE = 'DEPLOYMENT_ALL_SECRETS_FILE';

/** `$DEPLOYMENT_ALL_SECRETS_FILE`, else ~/.config/deployment-all/secrets.yml. */
export function defaultSecretsFile(env: NodeJS.ProcessEnv = process.env): string {
  return env[SECRETS_FILE_VARIABLE] || join(homedir(), '.config', 'deployment-all', 'secrets.yml');
}

export class LocalFileBackend implements SecretsBackend {
  readonly description: string;
  private data?: Record<string, unknown>;

  constructor(private readonly file: string) {
    this.description = `the local secrets file ${file}`;
  }

  private load(): Record<string, unknown> {
    if (this.data) return this.data;
    if (!existsSync(this.file)) {
      throw new DeploymentAllError(`secrets file ${this.file} does not exist; create it or set ${SECRETS_FILE_VARIABLE}`);
    }
    if ((statSync(this.file).mode & 0o077) !== 0) {
      process.emitWarning(`${this.file} is readable by other users; chmod 600 it`);
    }
    let parsed: unknown;
    try {
      parsed = load(readFileSync(this.file, 'utf8'));
    } catch (error) {
      // The YAML error would quote the offending line, which may hold a secret.
      const line = (error as { mark?: { line?: number } }).mark?.line;
      throw new DeploymentAllError(`secrets file ${this.file}${line !== undefined ? `:${line + 1}` : ''}: invalid YAML`);
    }
    if (!isRecord(parsed)) throw new DeploymentAllError(`secrets file ${this.file}: must be a mapping of NAME: value`);
    this.data = parsed;
    return parsed;
  }

  private lookUp(lookup: SecretLookup): string | undefined {
    const data = this.load();
    const scoped = data[lookup.secretsPath];
    const value = (isRecord(scoped) ? scoped[lookup.name] : undefined) ?? data[lookup.name];
    return value === undefined || value === null || isRecord(value) ? undefined : String(value);
  }

  async getSecret(lookup: SecretLookup): Promise<string> {
    return (await this.readSecret(lookup)).value;
  }

  async readSecret(lookup: SecretLookup): Promise<SecretValue> {
    const value = this.lookUp(lookup);
    if (value === undefined) throw new SecretNotFoundError(lookup, this.description);
    return { value, version: contentVersion(value) };
  }

  /** The file holds no expiry dates: only the version. */
  async describeSecret(lookup: SecretLookup): Promise<SecretMetadata | undefined> {
    const value = this.lookUp(lookup);
    return value === undefined ? undefined : { version: contentVersion(value), where: `${this.file} (${lookup.secretsPath}/${lookup.name})` };
  }
}
