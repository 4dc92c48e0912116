/**
 * The Nunjucks tokenizer with Python string literals: `\u00e9`, `\x41`,
 * `\a\b\f\v`, octal escapes, and unknown escapes kept with their backslash
 * (`"\d"` is two characters in Python; Nunjucks drops the backslash).
 */
import { lex, syntaxError, tokens, type NjToken, type Tokenizer } from './nunjucks-adapter.js';

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

// Python number literals Nunjucks does not know: 1_000, 0x1F, 0o17, 0b101, 1e3, 1.5e-3, 1_2.3_4e5_6.
const PY_INTEGER = /^(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*)$/;
/** A Python identifier, as Jinja2's names are. */
const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;
const DIGITS_WITH_UNDERSCORES = /^\d[\d_]*$/;
// The rest of a float after an integer part that Nunjucks read as a symbol (`1_2` of `1_2.3_4`).
const FRACTION_REST = /^\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?/;
const PY_EXPONENT_FLOAT = /^\d[\d_]*(?:\.\d*)?[eE]\d+$/;
const EXPONENT_START = /^\d[\d_]*[eE]$/;
const EXPONENT_REST = /^[eE]?[+-]?\d+/;

/** The decimal digits of a Python int literal, exact at any size. */
function integerValue(text: string): string {
  return BigInt(text.replace(/_/g, '')).toString();
}

/**
 * Jinja2 balances braces: `{{ {'a': 1}}}` closes the dict, then the tag. Nunjucks ends the tag
 * at the first `}}`, so inside an open `{` that `}}` becomes a `}` and the second `}` is read again.
 */
function balanceCurly(this: Tokenizer, tok: NjToken): NjToken {
  if (tok.type === tokens.TOKEN_LEFT_CURLY) this.curlyDepth = (this.curlyDepth ?? 0) + 1;
  else if (tok.type === tokens.TOKEN_RIGHT_CURLY) this.curlyDepth = Math.max(0, (this.curlyDepth ?? 0) - 1);
  else if (tok.type === tokens.TOKEN_VARIABLE_END && tok.value === '}}' && (this.curlyDepth ?? 0) > 0) {
    this.back();
    this.in_code = true;
    this.curlyDepth = (this.curlyDepth ?? 0) - 1;
    return { ...tok, type: tokens.TOKEN_RIGHT_CURLY, value: '}' };
  } else if (tok.type === tokens.TOKEN_VARIABLE_END || tok.type === tokens.TOKEN_BLOCK_END) this.curlyDepth = 0;
  return tok;
}

/** Nunjucks' nextToken, with Python integer and float literals recognised and braces balanced. */
function nextPythonToken(this: Tokenizer, base: () => NjToken | null): NjToken | null {
  const next = base();
  if (!next) return next;
  const tok = balanceCurly.call(this, next);
  // Nunjucks reads `null` as None; in Jinja2 it is an ordinary name.
  if (tok.type === tokens.TOKEN_NONE && tok.value === 'null') return { ...tok, type: tokens.TOKEN_SYMBOL };
  if (tok.type === tokens.TOKEN_SYMBOL && /^\d/.test(tok.value)) {
    const fraction = DIGITS_WITH_UNDERSCORES.test(tok.value) && tok.value.includes('_') ? FRACTION_REST.exec(this.str.slice(this.index)) : null;
    if (fraction) {
      this.forwardN(fraction[0].length);
      return { ...tok, type: tokens.TOKEN_FLOAT, value: (tok.value + fraction[0]).replace(/_/g, '') };
    }
    if (PY_INTEGER.test(tok.value)) return { ...tok, type: tokens.TOKEN_INT, value: integerValue(tok.value) };
    if (PY_EXPONENT_FLOAT.test(tok.value)) return { ...tok, type: tokens.TOKEN_FLOAT, value: tok.value.replace(/_/g, '') };
    // `1e-3`: the sign is a delimiter, so the exponent continues after the symbol.
    const rest = EXPONENT_REST.exec(this.str.slice(this.index));
    if (EXPONENT_START.test(tok.value) && rest) {
      this.forwardN(rest[0].length);
      return { ...tok, type: tokens.TOKEN_FLOAT, value: tok.value.replace(/_/g, '') + rest[0] };
    }
  }
  if (tok.type === tokens.TOKEN_SYMBOL && !IDENTIFIER.test(tok.value)) {
    // Nunjucks reads any run of non-delimiters as a name (`1a`, `a🐍`, `^`); Jinja2 knows Python identifiers only.
    throw syntaxError(`unexpected '${tok.value}': not a name or a number`, tok.lineno + 1, tok.colno + 1);
  }
  if (tok.type === tokens.TOKEN_FLOAT) {
    // `1.5e3` / `1.5e-3`: Nunjucks stops the float at the fraction digits.
    const rest = /^[eE][+-]?\d+/.exec(this.str.slice(this.index));
    if (rest) {
      this.forwardN(rest[0].length);
      return { ...tok, value: tok.value + rest[0] };
    }
  }
  return tok;
}

/** Tokenize Jinja2 source. */
export function tokenize(src: string): Tokenizer {
  return lex(src, { parseString: parsePythonString, nextToken: nextPythonToken });
}
