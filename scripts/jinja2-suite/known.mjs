/**
 * The deliberate differences (known-differences.yml): each case of Jinja2's suite where
 * our engine differs, with its cause; each cause with the reason, presented in
 * docs/templates.md. Nothing else may differ, and nothing listed may have stopped differing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { differs } from './compare.mjs';

const LIST = fileURLToPath(new URL('./known-differences.yml', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/templates.md', import.meta.url));

/** `{ causes: {key: reason}, cases: {id: key} }` from the list file. */
export function loadKnown(file = LIST) {
  const data = load(readFileSync(file, 'utf8')) ?? {};
  return { causes: data.causes ?? {}, cases: data.cases ?? {} };
}

/** Every way the results and the list disagree, as messages saying what to do. */
export function checkKnown(results, known, docs = readFileSync(DOCS, 'utf8')) {
  const problems = [];
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const r of results) {
    if (differs(r) && !(r.id in known.cases)) {
      problems.push(`${r.id}: ${r.kind}, not in scripts/jinja2-suite/known-differences.yml; fix the engine or list it with a cause`);
    }
  }
  for (const [id, cause] of Object.entries(known.cases)) {
    const r = byId.get(id);
    if (r === undefined) problems.push(`${id}: listed in known-differences.yml but no such case; remove it`);
    else if (!differs(r)) problems.push(`${id}: listed in known-differences.yml but now ${r.kind}; remove it`);
    if (!(cause in known.causes)) problems.push(`${id}: cause '${cause}' is not among the causes of known-differences.yml`);
  }
  const used = new Set(Object.values(known.cases));
  for (const cause of Object.keys(known.causes)) {
    if (!used.has(cause)) problems.push(`cause '${cause}' lists no case any more; remove it from known-differences.yml and docs/templates.md`);
    else if (!docs.includes(`\`${cause}\``)) problems.push(`cause '${cause}' is not presented in docs/templates.md; add it to the table of the Jinja2 suite`);
  }
  return problems;
}
