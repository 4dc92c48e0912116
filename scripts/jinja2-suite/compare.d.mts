/** Types of compare.mjs, for the unit tests. */
import type { CaseResult, SuiteCase, SuiteEngine } from './types.mjs';

export interface SuiteSummary {
  cases: number;
  identical: number;
  different: number;
  errorMismatches: number;
  bothFail: number;
  sameReason: number;
}
export declare function referenceReason(result: { error: string; message: string }): string;
export declare function ourReason(detail: string): string;
export declare function compareCases(cases: SuiteCase[], makeEngine: (searchPaths: string[], globals: Record<string, unknown>) => SuiteEngine): CaseResult[];
export declare function summarize(results: CaseResult[]): SuiteSummary;
export declare function figure(summary: SuiteSummary): string;
export declare function differs(result: CaseResult): boolean;
export declare function formatReport(results: CaseResult[], known?: Record<string, string>): string;
