/**
 * Scoping is where Nunjucks and Jinja2 differ most after whitespace:
 * generated templates nesting for/if/with/macro/call blocks that set and
 * print a few names, compared with jinja2 3.1 byte for byte.
 */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a', 'b', 'i'];

function block(rand: () => number, depth: number, inMacro: boolean): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  let out = '';
  const statements = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < statements; k++) {
    const r = rand();
    const name = pick(NAMES);
    if (r < 0.3) out += `{% set ${name} = ${pick(['1', '"s"', 'i if i is defined else 0', 'ns.n'])} %}`;
    else if (r < 0.55) out += `[${name}={{ ${name} if ${name} is defined else "-" }}]`;
    else if (r < 0.62) out += '{% set ns.n = ns.n + 1 %}';
    else if (depth >= 3) out += '.';
    else if (r < 0.75)
      out += `{% for ${pick(['i', 'a', 'x'])} in [1, 2] ${rand() < 0.3 ? 'if true ' : ''}%}${block(rand, depth + 1, inMacro)}{% else %}E{% endfor %}`;
    else if (r < 0.83) out += `{% if ${pick(['true', 'false', 'a is defined'])} %}${block(rand, depth + 1, inMacro)}{% endif %}`;
    else if (r < 0.9) out += `{% with ${name} = "w" %}${block(rand, depth + 1, inMacro)}{% endwith %}`;
    else if (r < 0.93) out += `{% set ${name} %}<${block(rand, depth + 1, inMacro)}>{% endset %}`;
    else if (r < 0.96) out += '{% include "show.j2" %}';
    else if (!inMacro) {
      const macro = `m${depth}${k}`;
      out += `{% macro ${macro}(a="p") %}${block(rand, depth + 1, true)}{{ caller() if caller is defined else "" }}{% endmacro %}`;
      out += rand() < 0.5 ? `{{ ${macro}() }}` : `{% call ${macro}() %}${block(rand, depth + 1, true)}{% endcall %}`;
    } else out += `{{ caller() if caller is defined else "" }}`;
  }
  return out;
}

const cases: DiffCase[] = Array.from({ length: Number(process.env.SCOPING_FUZZ_CASES ?? 200) }, (_, seed) => ({
  name: `generated scoping template #${seed}`,
  template: `{% set ns = namespace(n=0) %}${block(random(seed + 5000), 0, false)}|{{ ns.n }}\n`,
  files: { 'show.j2': '(inc a={{ a if a is defined else "-" }} i={{ i if i is defined else "-" }})' },
}));

describeDifferential({ 'generated scoping templates': cases });
