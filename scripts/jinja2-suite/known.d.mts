/** Types of known.mjs, for the unit tests. */
import type { CaseResult } from './types.mjs';

export interface KnownDifferences {
  causes: Record<string, string>;
  cases: Record<string, string>;
}
export declare function loadKnown(file?: string): KnownDifferences;
export declare function checkKnown(results: CaseResult[], known: KnownDifferences, docs?: string): string[];
