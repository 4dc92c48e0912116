/** Types of reference.mjs, for the unit tests. */
import type { SuiteCase } from './types.mjs';

export declare const SDIST: { requirement: string; file: string; sha256: string };
export declare function cacheDir(): string;
export declare function obtainSdist(python: string, dir?: string): string;
export declare function recordedCases(options?: { python?: string; dir?: string }): {
  jinja2: string;
  cases: SuiteCase[];
  skipped: Record<string, number>;
};
