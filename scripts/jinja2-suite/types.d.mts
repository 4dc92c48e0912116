/** Shapes shared by the Jinja2 suite scripts (for the unit tests' type checking). */

/** Jinja2's result for a case, rendered with our configuration. */
export type ReferenceResult = { ok: true; output: string } | { ok: false; error: string; message: string };

/** Our engine's result for a case. */
export type OurResult = { ok: true; output: string } | { ok: false; message: string; detail: string };

/** One template render recorded from Jinja2's tests. */
export interface SuiteCase {
  /** pytest's node id of the test, then `#n` for its n-th render. */
  id: string;
  /** The loader's name of the rendered template, or null for a template from a string. */
  name: string | null;
  source: string;
  /** Every template the test's loader lists, by name. */
  templates: Record<string, string>;
  globals: Record<string, unknown>;
  context: Record<string, unknown>;
  reference: ReferenceResult;
}

export type ResultKind = 'identical' | 'different' | 'error-mismatch' | 'same-failure' | 'other-failure';

export interface CaseResult {
  id: string;
  kind: ResultKind;
  case: SuiteCase;
  reference: ReferenceResult;
  ours: OurResult;
}

/** What the engine must offer to render a case. */
export interface SuiteEngine {
  renderFile(file: string, context: Record<string, unknown>): string;
  renderString(source: string, context: Record<string, unknown>, name: string): string;
}
