/**
 * The comparing side of the Jinja2 suite: each recorded case rendered with our engine,
 * set up as `deployment-all template` sets it up, and compared byte for byte with the
 * reference result; both failing counts as agreement only for the same reason (and, for an
 * undefined value, the same name).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The reasons a render fails, each as Jinja2 says it (exception class, and the message where
 * the class alone is too broad) and as our engine says it: one TemplateError whose detail
 * names what failed. The first matching reason wins.
 */
const REASONS = [
  { reason: 'unknown filter or test', jinja2: [/^Template(?:Runtime|Assertion)Error: No (?:filter|test) named/], ours: /^(?:filter|test) not found: / },
  {
    reason: 'undefined',
    jinja2: [/^UndefinedError: /],
    ours: /is undefined|has no attribute|has no element|was not provided|does not export|No aggregated item|^UndefinedError|\(define it, or guard it with "is defined" or "\| default\(\.\.\.\)"\)$/,
  },
  {
    reason: 'template not found',
    jinja2: [/^Templates? ?NotFound: /, /^TemplatesNotFound: /],
    ours: /^template .* not found|^template not found|^TemplatesNotFound: /,
  },
  {
    reason: 'syntax',
    jinja2: [/^TemplateSyntaxError: /, /^TemplateAssertionError: /],
    ours: /^syntax error: |^TemplateSyntaxError|^unknown block tag|^expected |^unexpected /i,
  },
  {
    reason: 'type',
    jinja2: [/^TypeError: /],
    ours: /^TypeError|not iterable|unsupported operand|not callable|takes .*argument|got an unexpected keyword|multiple values for|must be/,
  },
  { reason: 'value', jinja2: [/^ValueError: /], ours: /^ValueError|invalid literal|could not convert/ },
  {
    reason: 'runtime',
    jinja2: [/^TemplateRuntimeError: /, /^FilterArgumentError: /],
    ours: /^TemplateRuntimeError|^Required block|extended multiple times|recursion/,
  },
  { reason: 'zero division', jinja2: [/^ZeroDivisionError: /], ours: /division by zero|modulo by zero|^ZeroDivisionError/ },
  { reason: 'lookup', jinja2: [/^(?:KeyError|IndexError): /], ours: /^(?:KeyError|IndexError)|out of range/ },
];

/**
 * An undefined value is named alike on both sides ("'x' is undefined", "'dict object' has no
 * attribute 'y'"): so the same reason means the same name, compared without quotes, our hint,
 * or Jinja2's "(imported on line N)".
 */
function undefinedSubject(message) {
  return message
    .replace(/ \(define it, or guard it with .*\)$/, '')
    .replace(/^the template '[^']*' \(imported on line \d+(?: in '[^']*')?\)/, 'the template')
    .replace(/'/g, '');
}

/** Whether both sides failed for the same reason. */
export function sameFailure(reference, ours) {
  const reason = referenceReason(reference);
  if (reason !== ourReason(ours.detail)) return false;
  return reason !== 'undefined' || undefinedSubject(reference.message) === undefinedSubject(ours.detail);
}

/** The reason of a Jinja2 failure (`{error: class, message}`), or its class when no reason fits. */
export function referenceReason(result) {
  const text = `${result.error}: ${result.message}`;
  return REASONS.find(({ jinja2 }) => jinja2.some((pattern) => pattern.test(text)))?.reason ?? result.error;
}

/** The reason of our failure (by the TemplateError's detail), or 'other'. */
export function ourReason(detail) {
  return REASONS.find(({ ours }) => ours.test(detail))?.reason ?? 'other';
}

/** Render one case with an engine made by `makeEngine(searchPaths, globals)`, in a folder of its own. */
function renderOurs(case_, makeEngine, root, index) {
  const dir = join(root, String(index));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(case_.templates)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const engine = makeEngine([dir], case_.globals ?? {});
  const context = structuredClone(case_.context);
  try {
    const output = case_.name === null ? engine.renderString(case_.source, context, '<string>') : engine.renderFile(case_.name, context);
    return { ok: true, output };
  } catch (error) {
    // The detail leaves out the location prefix, whose file name could match a reason's words.
    return { ok: false, message: error instanceof Error ? error.message : String(error), detail: error?.detail ?? String(error) };
  }
}

/**
 * Compare every case; each result is `{ id, kind, reference, ours }` with kind one of
 * identical, different, error-mismatch, same-failure, other-failure.
 */
export function compareCases(cases, makeEngine) {
  const root = mkdtempSync(join(tmpdir(), 'jinja2-suite-'));
  try {
    return cases.map((case_, index) => {
      const { reference } = case_;
      const ours = renderOurs(case_, makeEngine, root, index);
      let kind;
      if (reference.ok && ours.ok) kind = reference.output === ours.output ? 'identical' : 'different';
      else if (reference.ok !== ours.ok) kind = 'error-mismatch';
      else kind = sameFailure(reference, ours) ? 'same-failure' : 'other-failure';
      return { id: case_.id, kind, case: case_, reference, ours };
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Counts by kind. */
export function summarize(results) {
  const count = (...kinds) => results.filter((r) => kinds.includes(r.kind)).length;
  return {
    cases: results.length,
    identical: count('identical'),
    different: count('different'),
    errorMismatches: count('error-mismatch'),
    bothFail: count('same-failure', 'other-failure'),
    sameReason: count('same-failure'),
  };
}

/** The one-line figure. */
export function figure(summary) {
  const s = summary;
  return `${s.cases} cases: ${s.identical} identical, ${s.different} different, ${s.errorMismatches} error mismatches, ${s.bothFail} both fail (${s.sameReason} same reason)`;
}

/** Whether a result needs an entry in the list of deliberate differences. */
export function differs(result) {
  return result.kind !== 'identical' && result.kind !== 'same-failure';
}

const clip = (text, max = 300) => (text.length > max ? `${text.slice(0, max)}...` : text);
function show(side) {
  if (side.ok) return JSON.stringify(clip(side.output));
  return side.error ? `[${referenceReason(side)}] ${clip(`${side.error}: ${side.message}`)}` : `[${ourReason(side.detail)}] ${clip(side.message)}`;
}

/** The report: each case that differs (marked when listed as deliberate), then the figure. */
export function formatReport(results, known = {}) {
  const lines = [];
  const sections = [
    ['different', 'Different output'],
    ['error-mismatch', 'Error mismatches (one side fails)'],
    ['other-failure', 'Both fail, for different reasons'],
    ['same-failure', 'Both fail, for the same reason'],
  ];
  for (const [kind, title] of sections) {
    const group = results.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    lines.push('', `== ${title}: ${group.length}`);
    for (const r of group) {
      const listed = known[r.id] ? `  [deliberate: ${known[r.id]}]` : differs(r) ? '  [NOT LISTED]' : '';
      lines.push(`${r.id}${listed}`);
      if (kind === 'same-failure') {
        lines.push(`  jinja2: ${show(r.reference)}`);
        continue;
      }
      lines.push(`  template: ${JSON.stringify(clip(r.case.source, 200))}`);
      if (Object.keys(r.case.context).length > 0) lines.push(`  context:  ${clip(JSON.stringify(r.case.context), 200)}`);
      lines.push(`  jinja2:   ${show(r.reference)}`, `  ours:     ${show(r.ours)}`);
    }
  }
  lines.push('', `Identical: ${results.filter((r) => r.kind === 'identical').length} (not listed)`);
  lines.push(figure(summarize(results)));
  return lines.join('\n');
}
