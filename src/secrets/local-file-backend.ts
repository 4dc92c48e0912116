/**
 * Development backend: a YAML file outside the repository, mapping secret names to
 * values, optionally per secrets path:
 *
 *   cki/production:
 *     GITLAB_TOKEN: glpat-...
 *   GITLAB_TOKEN: used by every other environment
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { DeploymentAllError } from '../lib/errors.js';
import { isRecord } from '../lib/is-record.js';
import { SecretNotFoundError, type SecretLookup, type SecretsBackend } from './backend.js';

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

  async getSecret(lookup: SecretLookup): Promise<string> {
    const data = this.load();
    const scoped = data[lookup.secretsPath];
    const value = (isRecord(scoped) ? scoped[lookup.name] : undefined) ?? data[lookup.name];
    if (value === undefined || value === null || isRecord(value)) throw new SecretNotFoundError(lookup, this.description);
    return String(value);
  }
}
