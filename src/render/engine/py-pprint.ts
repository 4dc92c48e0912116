/**
 * Python's pprint.pformat(value) (width 80, indent 1, dicts sorted by key), which Jinja2's
 * `pprint` filter prints: the repr when it fits, else one item per line, long strings split
 * into adjacent literals.
 */
import { Tuple, isMapping, repr } from './py-values.js';

const WIDTH = 80;

/** Python's len() of a str: code points. */
const len = (s: string): number => [...s].length;

function sortedEntries(dict: Record<string, unknown>): [string, unknown][] {
  return Object.keys(dict)
    .filter((k) => dict[k] !== undefined)
    .sort()
    .map((k) => [k, dict[k]]);
}

/** pprint's safe repr: Python's repr, with dict keys sorted at every level. */
function safeRepr(value: unknown): string {
  if (isMapping(value))
    return `{${sortedEntries(value)
      .map(([k, v]) => `${repr(k)}: ${safeRepr(v)}`)
      .join(', ')}}`;
  if (value instanceof Tuple) return value.length === 1 ? `(${safeRepr(value[0])},)` : `(${value.map(safeRepr).join(', ')})`;
  if (Array.isArray(value)) return `[${value.map(safeRepr).join(', ')}]`;
  return repr(value);
}

class Printer {
  out = '';

  format(value: unknown, indent: number, allowance: number, level: number): void {
    const rep = safeRepr(value);
    if (len(rep) <= WIDTH - indent - allowance) {
      this.out += rep;
    } else if (isMapping(value)) {
      this.out += '{';
      this.dictItems(sortedEntries(value), indent, allowance + 1, level + 1);
      this.out += '}';
    } else if (value instanceof Tuple) {
      const end = value.length === 1 ? ',)' : ')';
      this.out += '(';
      this.items(value, indent, allowance + end.length, level + 1);
      this.out += end;
    } else if (Array.isArray(value)) {
      this.out += '[';
      this.items(value, indent, allowance + 1, level + 1);
      this.out += ']';
    } else if (typeof value === 'string') {
      this.string(value, indent, allowance, level + 1);
    } else {
      this.out += rep;
    }
  }

  private dictItems(entries: [string, unknown][], indent: number, allowance: number, level: number): void {
    const inner = indent + 1;
    entries.forEach(([key, value], i) => {
      const last = i === entries.length - 1;
      const rep = repr(key);
      this.out += `${rep}: `;
      this.format(value, inner + len(rep) + 2, last ? allowance : 1, level);
      if (!last) this.out += ',\n' + ' '.repeat(inner);
    });
  }

  private items(values: unknown[], indent: number, allowance: number, level: number): void {
    const inner = indent + 1;
    values.forEach((value, i) => {
      if (i > 0) this.out += ',\n' + ' '.repeat(inner);
      this.format(value, inner, i === values.length - 1 ? allowance : 1, level);
    });
  }

  private string(value: string, indent: number, allowance: number, level: number): void {
    let rep = repr(value);
    if (value.length === 0) {
      this.out += rep;
      return;
    }
    const chunks: string[] = [];
    const lines = value.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g)?.filter((l) => l !== '') ?? []; // eslint-disable-line no-control-regex -- Python splitlines(keepends=True)
    if (level === 1) {
      indent += 1;
      allowance += 1;
    }
    const maxWidth = WIDTH - indent;
    let maxWidth1 = maxWidth;
    lines.forEach((line, i) => {
      rep = repr(line);
      if (i === lines.length - 1) maxWidth1 -= allowance;
      if (len(rep) <= maxWidth1) {
        chunks.push(rep);
        return;
      }
      // Alternating runs of non-space and space, each kept whole.
      const parts = line.match(/\S*\s*/gu)?.filter((p) => p !== '') ?? [];
      let maxWidth2 = maxWidth;
      let current = '';
      parts.forEach((part, j) => {
        const candidate = current + part;
        if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
        if (len(repr(candidate)) > maxWidth2) {
          if (current) chunks.push(repr(current));
          current = part;
        } else {
          current = candidate;
        }
      });
      if (current) chunks.push(repr(current));
    });
    if (chunks.length === 1) {
      this.out += rep;
      return;
    }
    const body = chunks.join('\n' + ' '.repeat(indent));
    this.out += level === 1 ? `(${body})` : body;
  }
}

/** pprint.pformat(value). */
export function pformat(value: unknown): string {
  const printer = new Printer();
  printer.format(value, 0, 0, 0);
  return printer.out;
}
