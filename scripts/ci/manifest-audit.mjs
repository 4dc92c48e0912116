/**
 * package.json against the code that uses it. Every package that the shipped code imports
 * must be a runtime dependency: one listed among devDependencies is exactly what
 * `npm prune --omit=dev` (the image) and `npm ci --omit=dev` remove. And no dependency may
 * be unused: runtime ones are imported by the shipped code, development ones by the
 * repository's sources, tests, scripts or configs, or run by a package script.
 */
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules);

/**
 * Module specifiers in JavaScript or TypeScript text: static imports and re-exports,
 * side-effect imports, `import()`, `require()` and `createRequire(...)('name')`.
 */
const SPECIFIERS = [
  /^\s*(?:import|export)\s+(?:type\s+)?[\w$*{},\s]*?\bfrom\s*(['"])([^'"\n]+)\1/gm,
  /^\s*import\s*(['"])([^'"\n]+)\1/gm,
  /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /\bcreateRequire\([^)]*\)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];

/** The package a bare specifier names (`@scope/name/sub` -> `@scope/name`), or undefined. */
export function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z]+:/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? undefined : name;
}

/** The packages one file's text imports. */
export function importedPackages(text) {
  const names = new Set();
  for (const pattern of SPECIFIERS) {
    for (const match of text.matchAll(pattern)) {
      const name = packageOf(match[2]);
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

/** `@types/foo` -> `foo`, `@types/scope__name` -> `@scope/name`. */
function typedPackage(name) {
  const bare = name.slice('@types/'.length);
  return bare.includes('__') ? `@${bare.replace('__', '/')}` : bare;
}

/**
 * Problems of a manifest, as messages naming the file or the package.json key and what to do.
 *   manifest      package.json, parsed
 *   runtimeFiles  Map of shipped file -> text (what a production install runs)
 *   devFiles      Map of repository file -> text (sources, tests, scripts, configs)
 *   binsOf(name)  the command names a devDependency installs (its package.json `bin`)
 */
export function auditManifest({ manifest, runtimeFiles, devFiles, binsOf }) {
  const runtime = manifest.dependencies ?? {};
  const dev = manifest.devDependencies ?? {};
  const problems = [];
  const usedAtRuntime = new Set();
  for (const [file, text] of runtimeFiles) {
    for (const name of importedPackages(text)) {
      usedAtRuntime.add(name);
      if (name in runtime) continue;
      problems.push(
        name in dev
          ? `${file} imports ${name}, a devDependency: a production install (npm ci --omit=dev) lacks it; move it to dependencies`
          : `${file} imports ${name}, which package.json does not list; add it to dependencies`,
      );
    }
  }
  for (const name of Object.keys(runtime)) {
    if (!usedAtRuntime.has(name))
      problems.push(`dependencies.${name}: the shipped code never imports it; remove it, or move it to devDependencies if only tests or scripts use it`);
  }
  const usedInDev = new Set();
  for (const text of devFiles.values()) for (const name of importedPackages(text)) usedInDev.add(name);
  const scripts = Object.values(manifest.scripts ?? {}).join('\n');
  const runByScript = (name) => binsOf(name).some((bin) => new RegExp(`(^|[\\s;&|(])${bin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm').test(scripts));
  // A tool the tests or scripts run from node_modules/.bin (gitlab-ci-local) is used too.
  const devText = [...devFiles.values()].join('\n');
  const runByFile = (name) => binsOf(name).some((bin) => devText.includes(`node_modules/.bin/${bin}`));
  // A vitest coverage provider is loaded by name: `--coverage.provider=v8` (a script, the CI file) or `provider: 'v8'`.
  const coverageProvider = (name) => {
    const provider = /^@vitest\/coverage-([a-z0-9-]+)$/.exec(name)?.[1];
    return provider !== undefined && new RegExp(`coverage\\.provider[= ]${provider}\\b|provider:\\s*['"]${provider}['"]`).test(`${scripts}\n${devText}`);
  };
  const typed = (name) => name.startsWith('@types/') && (typedPackage(name) === 'node' || typedPackage(name) in runtime || typedPackage(name) in dev);
  for (const name of Object.keys(dev)) {
    if (name in runtime) problems.push(`devDependencies.${name}: also in dependencies; keep it in one place`);
    else if (!usedInDev.has(name) && !usedAtRuntime.has(name) && !runByScript(name) && !runByFile(name) && !coverageProvider(name) && !typed(name)) {
      problems.push(`devDependencies.${name}: nothing imports it, and no package script or file runs it from node_modules/.bin; remove it`);
    }
  }
  return problems;
}
