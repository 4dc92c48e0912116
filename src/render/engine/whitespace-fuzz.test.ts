/**
 * Whitespace control is where Nunjucks and Jinja2 differ most: generated
 * templates mixing text, newlines, indentation, tags with -/+ markers,
 * comments and raw blocks, compared with jinja2 3.1 byte for byte.
 */
import { describeDifferential, type DiffCase } from './jinja-reference.test-helper.js';

/** Deterministic PRNG (mulberry32), so a failure is reproducible by its case name. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT = ['a', 'b c', '  ', '\t', '\n', '\n\n', '  \n', 'x\n  ', ' - y: 1\n'];
const OPEN = ['{%', '{%-', '{%+'];
const CLOSE = ['%}', '-%}', '+%}'];

function generate(rand: () => number, depth: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const tag = (body: string): string => `${pick(OPEN)} ${body} ${pick(CLOSE)}`;
  let out = '';
  const parts = 2 + Math.floor(rand() * 6);
  for (let i = 0; i < parts; i++) {
    const r = rand();
    if (r < 0.35) out += pick(TEXT);
    else if (r < 0.5) out += pick(['{{ 1 }}', '{{- 2 }}', '{{ 3 -}}', '{{ "s" }}']);
    else if (r < 0.6) out += pick(['{# c #}', '{#- c #}', '{# c -#}', '{# multi\nline #}']);
    else if (r < 0.75 && depth < 3) out += tag('if true') + generate(rand, depth + 1) + tag('endif');
    else if (r < 0.85 && depth < 3) out += tag('for i in [1, 2]') + generate(rand, depth + 1) + tag('endfor');
    else if (r < 0.9) out += tag('set v = 1');
    else if (r < 0.95) out += '{% raw %}' + pick(TEXT) + '{{ raw }}' + pick(TEXT) + '{% endraw %}';
    else out += pick(TEXT) + pick(TEXT);
  }
  return out;
}

const cases: DiffCase[] = Array.from({ length: 300 }, (_, seed) => ({
  name: `generated template #${seed}`,
  template: generate(random(seed + 1), 0),
}));

describeDifferential({ 'generated whitespace templates': cases });
