/**
 * Python string formatting: `"%s-%d" % (a, b)` (printf style, also the
 * `format` filter) and `"{}-{name}".format(a, name=b)`.
 */
import { isFloat, isNumeric, numberRepr, PyFloat } from './py-number.js';
import { Tuple, isMapping, repr, str } from './py-values.js';
import { defined } from './undefined.js';

/** Python's TypeError/ValueError raised by formatting, with Python's wording. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
}

// Compiled once: %[(key)][flags][width][.precision]type
const PRINTF_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

/** `format % args` with Python's printf-style rules (a tuple spreads, anything else is one value). */
export function printf(format: string, args: unknown): string {
  const values = args instanceof Tuple ? [...args] : [args];
  const mapping = !(args instanceof Tuple) && isMapping(args) ? args : undefined;
  let next = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (next >= values.length) throw new FormatError('not enough arguments for format string');
    return values[next++];
  };
  const out = format.replace(PRINTF_RE, (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, type: string) => {
    if (type === '%') return '%';
    let value: unknown;
    if (key !== undefined) {
      if (mapping === undefined) throw new FormatError('format requires a mapping');
      usedMapping = true;
      value = mapping[key];
      if (value === undefined) throw new FormatError(`KeyError: '${key}'`);
    } else {
      const w = width === '*' ? Number(take()) : width;
      const p = prec === '*' ? Number(take()) : prec;
      value = take();
      return convert(value, flags, w === undefined ? undefined : Number(w), p === undefined ? undefined : Number(p), type);
    }
    return convert(value, flags, width === undefined ? undefined : Number(width), prec === undefined ? undefined : Number(prec), type);
  });
  // Python treats any non-tuple, non-str operand with __getitem__ (list, dict) as a mapping: unused is fine.
  const getitemArg = !(args instanceof Tuple) && (Array.isArray(args) || mapping !== undefined);
  if (!usedMapping && next < values.length && !getitemArg) {
    throw new FormatError('not all arguments converted during string formatting');
  }
  return out;
}

function convert(value: unknown, flags: string, width: number | undefined, prec: number | undefined, type: string): string {
  defined(value);
  let body: string;
  let numeric = true;
  switch (type) {
    case 's':
    case 'r':
    case 'a':
      numeric = false;
      body = type === 's' ? str(value) : repr(value);
      if (prec !== undefined) body = body.slice(0, prec);
      break;
    case 'c':
      numeric = false;
      body = typeof value === 'number' ? String.fromCodePoint(value) : str(value);
      break;
    default:
      // An int beyond 2^53 keeps its digits.
      body =
        typeof value === 'bigint' && 'diu'.includes(type)
          ? (value < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + (value < 0n ? -value : value).toString()
          : formatNumber(toNumber(value, type), flags, prec, type);
  }
  return pad(body, flags, width, numeric);
}

function toNumber(value: unknown, type: string): number {
  if (typeof value === 'number') return value;
  if (isNumeric(value)) return Number(value);
  throw new FormatError(`%${type} format: a real number is required, not ${typeof value === 'string' ? 'str' : typeof value}`);
}

/**
 * Python's fixed-point formatting: the exact binary value rounded half to even
 * (JavaScript's toFixed rounds exact ties up: (2.25).toFixed(1) is "2.3", Python gives "2.2").
 */
export function toFixed(x: number, digits: number): string {
  const exact = x.toFixed(Math.min(100, digits + 30));
  const [int = '0', frac = ''] = exact.split('.');
  const kept = frac.slice(0, digits);
  const rest = frac.slice(digits);
  const tie = /^50*$/.test(rest);
  const up = rest > '5' && !tie ? true : tie ? Number((digits ? kept : int).slice(-1)) % 2 === 1 : false;
  if (!up) return digits ? `${int}.${kept}` : int;
  const scaled = (BigInt(int + kept) + 1n).toString().padStart(int.length + digits, '0');
  return digits ? `${scaled.slice(0, scaled.length - digits)}.${scaled.slice(-digits)}` : scaled;
}

function formatNumber(n: number, flags: string, prec: number | undefined, type: string): string {
  const neg = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  let digits: string;
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
      digits = numberRepr(Math.trunc(abs));
      break;
    case 'x':
    case 'X':
      digits = Math.trunc(abs).toString(16);
      if (flags.includes('#')) digits = '0x' + digits;
      if (type === 'X') digits = digits.toUpperCase();
      break;
    case 'o':
      digits = Math.trunc(abs).toString(8);
      if (flags.includes('#')) digits = '0o' + digits;
      break;
    case 'e':
    case 'E':
      digits = abs.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (type === 'E') digits = digits.toUpperCase();
      break;
    case 'g':
    case 'G':
      digits = generalFormat(abs, prec ?? 6, flags.includes('#'));
      if (type === 'G') digits = digits.toUpperCase();
      break;
    default:
      digits = toFixed(abs, prec ?? 6);
  }
  const integral = 'diuxXo'.includes(type);
  const negative = integral ? Math.trunc(n) < 0 : neg;
  const sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  return sign + digits;
}

function generalFormat(abs: number, prec: number, keepZeros: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (abs === 0) return '0';
  const exp = Math.floor(Math.log10(abs));
  let s: string;
  if (exp < -4 || exp >= p) {
    s = abs.toExponential(p - 1).replace(/e([+-])(\d)$/, 'e$10$2');
    if (!keepZeros) s = s.replace(/\.?0+e/, 'e');
  } else {
    s = abs.toFixed(Math.max(0, p - 1 - exp));
    if (!keepZeros && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s;
}

function pad(body: string, flags: string, width: number | undefined, numeric: boolean): string {
  if (width === undefined || body.length >= width) return body;
  if (flags.includes('-')) return body.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(body) ? (body[0] as string) : '';
    return sign + body.slice(sign.length).padStart(width - sign.length, '0');
  }
  return body.padStart(width);
}

// {field[!conv][:spec]} with {{ and }} as escapes; compiled once.
const FORMAT_RE = /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g;
const SPEC_RE = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** `str.format(*args, **kwargs)`. */
export function strFormat(format: string, args: unknown[], kwargs: Record<string, unknown>): string {
  let auto = 0;
  return format.replace(FORMAT_RE, (m, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const path = (field ?? '').split(/(?=[.[])/);
    const head = path.shift() ?? '';
    let value: unknown;
    if (head === '') value = args[auto++];
    else if (/^\d+$/.test(head)) value = args[Number(head)];
    else value = kwargs[head];
    if (value === undefined)
      throw new FormatError(head === '' || /^\d+$/.test(head) ? 'IndexError: Replacement index out of range for positional args tuple' : `KeyError: '${head}'`);
    for (const part of path) {
      const key = part.startsWith('.') ? part.slice(1) : part.slice(1, -1);
      // `{0.name}` is Python getattr: a dict has no attributes, only items (`{0[name]}`).
      if (part.startsWith('.') && isMapping(value)) throw new FormatError(`AttributeError: 'dict' object has no attribute '${key}'`);
      value = (value as Record<string, unknown>)[/^\d+$/.test(key) && Array.isArray(value) ? Number(key) : key];
    }
    defined(value);
    if (conv === 'r' || conv === 'a') value = repr(value);
    else if (conv === 's') value = str(value);
    return spec ? applySpec(value, spec) : str(value);
  });
}

function applySpec(value: unknown, spec: string): string {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new FormatError(`Invalid format specifier '${spec}'`);
  const [, fill = ' ', align, sign = '-', alt, zero, width, grouping, prec, type] = m;
  let body: string;
  const isNum = isNumeric(value);
  if (isNum && type !== 's') {
    const n = Number(value);
    // No type: an int as `d`; a float as str() unless a precision asks for `g`.
    const t = type ?? (!isFloat(value) && prec === undefined ? 'd' : prec === undefined ? 'r' : 'g');
    if (t === 'r') body = str(value instanceof PyFloat ? new PyFloat(Math.abs(n)) : Math.abs(n));
    else if (t === '%') body = (Math.abs(n) * 100).toFixed(prec === undefined ? 6 : Number(prec)) + '%';
    else if (t === 'b') body = Math.trunc(Math.abs(n)).toString(2);
    else body = formatNumber(Math.abs(n), alt ? '#' : '', prec === undefined ? undefined : Number(prec), t === 'n' ? 'd' : t);
    if (grouping) {
      const [int = '', frac] = body.split('.');
      body = int.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (frac === undefined ? '' : '.' + frac);
    }
    const signStr = n < 0 ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    body = signStr + body;
    if (zero && !align && width) return signStr + body.slice(signStr.length).padStart(Number(width) - signStr.length, '0');
  } else {
    body = str(value);
    if (prec !== undefined) body = body.slice(0, Number(prec));
  }
  const w = width === undefined ? 0 : Number(width);
  if (body.length >= w) return body;
  const gap = w - body.length;
  const effective = align ?? (isNum && type !== 's' ? '>' : '<');
  if (effective === '<') return body + fill.repeat(gap);
  if (effective === '>') return fill.repeat(gap) + body;
  if (effective === '^') return fill.repeat(Math.floor(gap / 2)) + body + fill.repeat(Math.ceil(gap / 2));
  const signStr = /^[-+ ]/.test(body) ? (body[0] as string) : '';
  return signStr + fill.repeat(gap) + body.slice(signStr.length);
}
