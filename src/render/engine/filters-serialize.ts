/**
 * Serialising filters: Jinja2's tojson (sorted keys, Python's separators,
 * ensure_ascii, HTML-safe escaping of < > & '), and the helpers our
 * Kubernetes templates need: to_yaml, to_json, b64encode, b64decode, sha256.
 */
import { createHash } from 'node:crypto';
import yaml from 'js-yaml';
import { bind } from './filter-args.js';
import { typeName } from './py-protocol.js';
import { isNumeric, numberRepr, PyFloat } from './py-number.js';
import { isMapping, str } from './py-values.js';
import { Undefined } from './undefined.js';

const JSON_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Python json.dumps string encoding with ensure_ascii=True. */
// Printable ASCII that neither JSON nor the HTML-safe pass escapes.
const JSON_PLAIN = /^[ !#-%(-;=?-[\]-~]*$/;

function jsonString(s: string): string {
  if (JSON_PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = s.charCodeAt(i);
    const esc = JSON_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Python json.dumps(value, sort_keys=True, indent=indent). */
function dumps(value: unknown, indent: number | undefined, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number' || value instanceof PyFloat) {
    const n = Number(value);
    return Number.isFinite(n) ? numberRepr(value) : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  }
  if (typeof value === 'bigint') return numberRepr(value);
  if (typeof value === 'string') return jsonString(value);
  if (value instanceof Undefined) return value.fail();
  if (value instanceof String) return jsonString(value.toString());
  const nl = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const close = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${nl}${value.map((v) => dumps(v, indent, depth + 1)).join(sep + nl)}${close}]`;
  }
  if (isMapping(value)) {
    // A key holding JavaScript `undefined` (an unset optional field) is absent, as in JSON.stringify.
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    return `{${nl}${keys.map((k) => `${jsonString(k)}: ${dumps(value[k], indent, depth + 1)}`).join(sep + nl)}${close}}`;
  }
  throw new TypeError(`Object of type ${typeName(value)} is not JSON serializable`);
}

const HTML_UNSAFE = /[<>&']/;
const HTML_SAFE: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/** Jinja2's tojson: htmlsafe_json_dumps with sort_keys=True. */
export function tojson(value: unknown, ...args: unknown[]): string {
  const [indent] = bind(args, ['indent']);
  const text = dumps(value, indent === undefined || indent === null ? undefined : Number(indent), 0);
  return HTML_UNSAFE.test(text) ? text.replace(/[<>&']/g, (c) => HTML_SAFE[c] ?? c) : text;
}

/** YAML block style, no line wrapping, keys in insertion order (PyYAML safe_dump(sort_keys=False, width=inf) style). */
export function toYaml(value: unknown, ...args: unknown[]): string {
  const [indent = 2] = bind(args, ['indent']);
  return yaml.dump(plain(value), { indent: Number(indent), lineWidth: -1, noRefs: true, sortKeys: false, noArrayIndent: true });
}

/** Data js-yaml can dump: unset (`undefined`) keys dropped, Undefined values raising, tuples as lists, numbers plain. */
function plain(value: unknown): unknown {
  if (value instanceof Undefined) return value.fail();
  if (isNumeric(value) && typeof value !== 'boolean') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) if (value[key] !== undefined) out[key] = plain(value[key]);
    return out;
  }
  return value;
}

export const serializeFilters: Record<string, (value: unknown, ...args: unknown[]) => unknown> = {
  tojson,
  to_json: tojson,
  to_yaml: toYaml,
  b64encode: (v) => Buffer.from(str(v), 'utf8').toString('base64'),
  b64decode: (v) => Buffer.from(str(v), 'base64').toString('utf8'),
  sha256: (v) => createHash('sha256').update(str(v), 'utf8').digest('hex'),
};
