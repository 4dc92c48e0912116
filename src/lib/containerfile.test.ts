import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContainerfileError, preprocess } from '../../scripts/containerfile.mjs';

/** Preprocesses an in-memory tree of fragments. */
function run(files: Record<string, string>, entry: string): string {
  const root = '/repo';
  const abs = (path: string): string => resolve(root, path);
  const tree = new Map(Object.entries(files).map(([path, text]) => [abs(path), text]));
  return preprocess(entry, {
    root,
    includeDirs: [join(root, 'builds/includes')],
    read: (path) => {
      const text = tree.get(path);
      if (text === undefined) throw new Error(`no ${path}`);
      return text;
    },
    exists: (path) => tree.has(path),
  });
}

describe('Containerfile preprocessor', () => {
  it('expands includes, strips /* */ comments and drops empty # directives', () => {
    const output = run(
      {
        'builds/app.in': '/* header\n   comment */\n#include "setup"\n#\n/* a comment */\nRUN a /* inline */ b\n#include "cleanup"\n',
        'builds/includes/setup': 'FROM base\n\n\n\nWORKDIR /code\n',
        'builds/includes/cleanup': 'USER 1001\n',
      },
      'builds/app.in',
    );
    expect(output).toBe('FROM base\n\nWORKDIR /code\n\nRUN a  b\nUSER 1001\n');
  });

  it('prefers a fragment beside the including file', () => {
    expect(run({ 'builds/app.in': '#include "setup"\n', 'builds/setup': 'FROM local\n', 'builds/includes/setup': 'FROM shared\n' }, 'builds/app.in')).toBe(
      'FROM local\n',
    );
  });

  it('names the file and line of a bad include, a missing fragment, a cycle and an open comment', () => {
    expect(() => run({ 'builds/app.in': 'FROM x\n#include setup\n' }, 'builds/app.in')).toThrow('builds/app.in:2: #include needs a quoted name');
    expect(() => run({ 'builds/app.in': '#include "nope"\n' }, 'builds/app.in')).toThrow(
      /builds\/app\.in:1: #include "nope": not found in builds, builds\/includes/,
    );
    expect(() => run({ 'builds/app.in': '#include "a"\n', 'builds/includes/a': '#include "a"\n' }, 'builds/app.in')).toThrow(/included recursively/);
    expect(() => run({ 'builds/app.in': 'FROM x\n/* open\n' }, 'builds/app.in')).toThrow(new ContainerfileError('builds/app.in:2: unterminated /* comment'));
  });

  it('rejects # lines that cpp rejects or would interpret: Containerfile comments, other directives', () => {
    for (const line of ['# a Containerfile comment', '#!/bin/sh', '#define X 1', '# 12 "file"', '  #syntax=docker/dockerfile:1'])
      expect(() => run({ 'builds/app.in': `FROM x\n${line}\n` }, 'builds/app.in'), line).toThrow(
        `builds/app.in:2: "${line.trim()}" is not a supported directive (cpp rejects or interprets every # line): write comments as /* ... */`,
      );
  });

  it('produces a plain Containerfile from the repository fragments', () => {
    const output = preprocess('builds/deployment-all.in', {
      root: resolve(import.meta.dirname, '../..'),
      includeDirs: [resolve(import.meta.dirname, '../../builds/includes')],
    });
    expect(output).toMatch(/^ARG BASE_IMAGE=.*\nFROM \$\{BASE_IMAGE\}\n/);
    expect(output).toContain('RUN NODE_ENV=development npm ci');
    expect(output).toContain('USER 1001');
    expect(output).not.toMatch(/\/\*|\*\/|#include/);
  });
});
