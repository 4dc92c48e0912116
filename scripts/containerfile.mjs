#!/usr/bin/env node
/**
 * Containerfile preprocessor: turns `builds/<image>.in` into a plain Containerfile.
 * The team's fragments use the C preprocessor's conventions (buildah runs `cpp -E
 * -traditional -undef` on `.in` files): `#include "name"` and `/* comments *\/`. Only
 * those two (and the empty `#` directive) are supported, and every other `#` line is an
 * error, as it is for cpp: a file this accepts gives the same Containerfile under cpp
 * (test/unit/containerfile-cpp.test.ts compares them on builds/).
 * Why not hand the `.in` file to buildah: Debian's buildah 1.28 logs cpp's errors as a
 * warning ("Ignoring <stdin>:2:2: fatal error: ...") and builds what cpp printed, so a
 * missing fragment yields an image without it and exit status 0; and cpp -traditional
 * reports a missing include one line late. Here it is an error naming the file and line.
 *
 *   node scripts/containerfile.mjs builds/deployment-all.in > Containerfile
 *
 * Includes are looked up beside the including file, then in `builds/includes/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A problem in a fragment, with where it is. */
export class ContainerfileError extends Error {
  name = 'ContainerfileError';
}

/** Removes `/* ... *\/` comments, keeping line breaks so that line numbers stay true. */
export function stripComments(text, file) {
  let out = '';
  let index = 0;
  for (;;) {
    const start = text.indexOf('/*', index);
    if (start === -1) return out + text.slice(index);
    const end = text.indexOf('*/', start + 2);
    if (end === -1) {
      const line = text.slice(0, start).split('\n').length;
      throw new ContainerfileError(`${file}:${line}: unterminated /* comment`);
    }
    out += text.slice(index, start) + text.slice(start, end + 2).replace(/[^\n]/g, '');
    index = end + 2;
  }
}

/**
 * Expands one fragment. `read(path)` returns a file's text (injectable for tests);
 * `includeDirs` are searched after the including file's own folder.
 */
export function preprocess(file, options = {}) {
  const read = options.read ?? ((path) => readFileSync(path, 'utf8'));
  const exists = options.exists ?? existsSync;
  const includeDirs = options.includeDirs ?? [];
  const root = options.root ?? process.cwd();
  const lines = [];
  const expand = (path, stack) => {
    const shown = relative(root, path) || path;
    if (stack.includes(path)) throw new ContainerfileError(`${shown}: included recursively (${[...stack, path].map((p) => relative(root, p)).join(' -> ')})`);
    const text = stripComments(read(path), shown);
    text
      .replace(/\n$/, '')
      .split('\n')
      .forEach((line, index) => {
        if (!/^\s*#/.test(line)) {
          lines.push(line.replace(/\s+$/, ''));
          return;
        }
        // The empty directive: cpp drops the line.
        if (/^\s*#\s*$/.test(line)) return;
        const directive = /^\s*#\s*include\b(.*)$/.exec(line);
        if (directive === null)
          throw new ContainerfileError(
            `${shown}:${index + 1}: "${line.trim()}" is not a supported directive (cpp rejects or interprets every # line): write comments as /* ... */ and include fragments with #include "name"`,
          );
        const name = /^\s*"([^"]+)"\s*$/.exec(directive[1])?.[1];
        if (name === undefined) throw new ContainerfileError(`${shown}:${index + 1}: #include needs a quoted name, e.g. #include "setup"`);
        const candidates = [dirname(path), ...includeDirs].map((dir) => resolve(dir, name));
        const found = candidates.find((candidate) => exists(candidate));
        if (found === undefined)
          throw new ContainerfileError(
            `${shown}:${index + 1}: #include "${name}": not found in ${candidates.map((c) => relative(root, dirname(c)) || '.').join(', ')}`,
          );
        expand(found, [...stack, path]);
      });
  };
  expand(resolve(root, file), []);
  // Comments leave blank lines behind: keep at most one in a row, none at the ends.
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: node scripts/containerfile.mjs builds/<image>.in > Containerfile\n');
    process.exit(2);
  }
  try {
    const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    process.stdout.write(preprocess(file, { includeDirs: [join(repo, 'builds/includes')] }));
  } catch (error) {
    process.stderr.write(`containerfile: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
