/**
 * Builds a synthetic deployment repository for benchmarks: the bundled inventory/
 * and templates/, plus N projects made round-robin from the bundled ones
 * (`<base>-<i>`). Shared by the render benchmark and (later) the deploy benchmark.
 *
 * The bundled projects average about 6 objects per environment and two of them are
 * disabled in testing; the issue's workload is "about 9 objects each, for 3
 * environments", so every copy is enabled everywhere and gets a few extra
 * features (RBAC, a ConfigMap, cron jobs) chosen so each base lands near 9.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLED_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const VARS = 'project-vars.yml.j2';

// Extra top-level YAML blocks per base project (appended when the key is absent).
const RBAC = `serviceaccount:
  - apiGroups: ['']
    resources: [configmaps]
    verbs: [get, list]
`;
const CONFIGMAP = `configmaps:
  $PROJECT_NAME-settings:
    settings.yml: |
      log_level: {{ cki_variable('CKI_LOGGING_LEVEL') }}
      environment: {{ ENVIRONMENT }}
`;
const cronjob = (name, schedule) => `  - name: ${name}
    schedule: "${schedule}"
    image: quay.io/cki/cki-tools
    command: [python3, -m, cki_tools.${name.replace(/-/g, '_')}]
    variables:
      - CKI_LOGGING_LEVEL
`;

/** Per base: what to add so that base renders about 9 objects per environment. */
const EXTRAS = {
  'micro-service': { blocks: [], cronjobs: [] }, // 9 already
  'pipeline-herder': { blocks: [RBAC], cronjobs: [cronjob('matcher-stats', '5 * * * *')] }, // 5 + 3 + 1
  'pod-watcher': { blocks: [CONFIGMAP], cronjobs: [cronjob('event-digest', '*/30 * * * *')] }, // 7 (+PDB in production) + 1 + 1
  'webhook-receiver': { blocks: [RBAC, CONFIGMAP], cronjobs: [] }, // 5 + 3 + 1
  'log-archiver': { blocks: [RBAC], cronjobs: [] }, // 6 + 3
  'artifact-cleaner': { blocks: [RBAC, CONFIGMAP], cronjobs: [cronjob('orphan-sweep', '45 4 * * *'), cronjob('usage-report', '0 6 * * 1')] }, // 3 + 3 + 1 + 2
};

/** Every environment enabled: drop `  <env>: false` lines and an `environments:` left empty. */
function enableEverywhere(text) {
  const lines = text.split('\n').filter((line) => !/^ {2}[a-z][a-z0-9-]*: false\s*$/.test(line));
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const emptyBlock = lines[i] === 'environments:' && (i + 1 >= lines.length || !/^\s+\S/.test(lines[i + 1]));
    if (!emptyBlock) out.push(lines[i]);
  }
  return out.join('\n');
}

/** Adds the base's extra blocks and cron jobs; unique route hosts per copy. */
export function variantText(base, text, index) {
  const extras = EXTRAS[base] ?? { blocks: [], cronjobs: [] };
  let out = enableEverywhere(text).replace(
    /cki_project_subdomain: ([a-z0-9.-]+)/g,
    (_, sub) => `cki_project_subdomain: ${sub.replace(/^[a-z0-9-]+/, (s) => `${s}-${index}`)}`,
  );
  if (!out.endsWith('\n')) out += '\n';
  if (extras.cronjobs.length > 0) {
    // A list under an existing `cronjobs:` key gets the items first; otherwise a new key.
    if (/^cronjobs:\s*$/m.test(out)) out = out.replace(/^cronjobs:\s*\n/m, (m) => m + extras.cronjobs.join(''));
    else out += 'cronjobs:\n' + extras.cronjobs.join('');
  }
  for (const block of extras.blocks) {
    const key = block.slice(0, block.indexOf(':'));
    if (new RegExp(`^${key}:`, 'm').test(out)) throw new Error(`synthetic-repo: ${base} already has ${key}:; extend EXTRAS differently`);
    out += block;
  }
  return out;
}

/**
 * Creates the repository; returns { root, projects, bases, cleanup }.
 * `projects` is the number of copies (200 for the issue's workload).
 */
export function createSyntheticRepo({ projects = 200, source = BUNDLED_ROOT, dir } = {}) {
  if (!Number.isInteger(projects) || projects < 1 || projects > 100_000) throw new Error(`synthetic-repo: bad project count ${projects}`);
  const root = dir ?? mkdtempSync(join(tmpdir(), `deployment-all-bench-${projects}-`));
  mkdirSync(root, { recursive: true });
  for (const folder of ['inventory', 'templates']) cpSync(join(source, folder), join(root, folder), { recursive: true });
  const baseDir = join(source, 'projects');
  const bases = readdirSync(baseDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(baseDir, e.name, VARS)))
    .map((e) => e.name)
    .sort();
  if (bases.length === 0) throw new Error(`synthetic-repo: no projects under ${baseDir}`);
  const files = new Map(
    bases.map((b) => [
      b,
      readdirSync(join(baseDir, b))
        .filter((f) => f.endsWith('.j2'))
        .map((f) => [f, readFileSync(join(baseDir, b, f), 'utf8')]),
    ]),
  );
  const names = [];
  for (let i = 0; i < projects; i++) {
    const base = bases[i % bases.length];
    const name = `${base}-${i}`;
    const target = join(root, 'projects', name);
    mkdirSync(target, { recursive: true });
    for (const [file, text] of files.get(base)) writeFileSync(join(target, file), file === VARS ? variantText(base, text, i) : text);
    names.push(name);
  }
  return { root, projects: names, bases, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

// `node scripts/bench/synthetic-repo.mjs [N] [DIR]` writes one for inspection.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const repo = createSyntheticRepo({ projects: Number(process.argv[2] ?? 200), dir: process.argv[3] });
  process.stdout.write(`${repo.root}: ${repo.projects.length} projects from ${repo.bases.join(', ')}\n`);
}
