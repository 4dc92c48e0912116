/** Types of synthetic-repo.mjs, for the tests that build a synthetic repository. */
export declare const BUNDLED_ROOT: string;

export interface SyntheticRepo {
  root: string;
  projects: string[];
  bases: string[];
  cleanup(): void;
}

/** A deployment repository of `projects` copies of the bundled projects (200 by default). */
export declare function createSyntheticRepo(options?: { projects?: number; source?: string; dir?: string }): SyntheticRepo;

export declare function variantText(base: string, text: string, index: number): string;
