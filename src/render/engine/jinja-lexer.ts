/**
 * The Nunjucks tokenizer with Python string literals: `\u00e9`, `\x41`,
 * `\a\b\f\v`, octal escapes, and unknown escapes kept with their backslash
 * (`"\d"` is two characters in Python; Nunjucks drops the backslash).
 */
import { lexer } from './nunjucks-internals.js';

interface Tokenizer {
  str: string;
  src?: string;
  current(): string;
  forward(): void;
  isFinished(): boolean;
  _parseString(delimiter: string): string;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Read `count` characters matching `re` (at most), advancing the tokenizer. */
function take(t: Tokenizer, count: number, re: RegExp): string {
  let out = '';
  while (out.length < count && !t.isFinished() && re.test(t.current())) {
    out += t.current();
    t.forward();
  }
  return out;
}

function parsePythonString(this: Tokenizer, delimiter: string): string {
  this.forward();
  let str = '';
  while (!this.isFinished() && this.current() !== delimiter) {
    const cur = this.current();
    this.forward();
    if (cur !== '\\') {
      str += cur;
      continue;
    }
    const esc = this.current();
    const simple = SIMPLE_ESCAPES[esc];
    const hexLength = HEX_DIGITS[esc];
    if (simple !== undefined) {
      this.forward();
      str += simple;
    } else if (hexLength !== undefined) {
      this.forward();
      const digits = take(this, hexLength, /[0-9a-fA-F]/);
      str += digits.length === hexLength ? String.fromCodePoint(parseInt(digits, 16)) : '\\' + esc + digits;
    } else if (/[0-7]/.test(esc)) {
      str += String.fromCodePoint(parseInt(take(this, 3, /[0-7]/), 8));
    } else {
      str += '\\';
    }
  }
  this.forward();
  return str;
}

/** Tokenize Jinja2 source. */
export function tokenize(src: string): unknown {
  const tokens = lexer.lex(src, {}) as Tokenizer;
  tokens._parseString = parsePythonString;
  // Tokenizer.back() reads `this.src` (upstream typo for `this.str`) when it steps back over a
  // newline, which `{% endraw %}` does after trim_blocks moved a newline into the tag.
  tokens.src = tokens.str;
  return tokens;
}
