/**
 * The render cache a command uses (src/render/cache/): on for the built CLI, in
 * `$DEPLOYMENT_ALL_CACHE_DIR`, else `$XDG_CACHE_HOME/deployment-all`, else
 * `~/.cache/deployment-all`; off with `DEPLOYMENT_ALL_RENDER_CACHE=off`, and off when the
 * CLI runs from its sources, which have no build digest to key the entries by.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { envBoolean } from '../lib/env.js';
import type { RenderCache } from '../render/cache/render-cache.js';
import type { Io } from './output.js';

/** Written by scripts/build-cli.mjs beside the bundle: a digest of the bundled code. */
function codeVersion(): string | undefined {
  try {
    return readFileSync(new URL('./code-version.txt', import.meta.url), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The folder the cache would use under `env`. */
export function renderCacheDir(io: Pick<Io, 'env' | 'cwd'>): string {
  const { env } = io;
  if (env.DEPLOYMENT_ALL_CACHE_DIR) return join(resolve(io.cwd, env.DEPLOYMENT_ALL_CACHE_DIR), 'render');
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  return join(base, 'deployment-all', 'render');
}

export async function renderCacheFor(io: Pick<Io, 'env' | 'cwd'>): Promise<RenderCache | undefined> {
  if (!envBoolean('DEPLOYMENT_ALL_RENDER_CACHE', true, io.env)) return undefined;
  const version = codeVersion();
  if (version === undefined) return undefined;
  const { RenderCache } = await import('../render/cache/render-cache.js');
  return new RenderCache({ dir: renderCacheDir(io), codeVersion: version });
}
