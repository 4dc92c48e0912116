/**
 * Jinja2's HTML-writing filters, escaping as MarkupSafe does: xmlattr (a dict as attributes)
 * and urlize (links for the URLs and email addresses in a text).
 */
import { bind, flag } from './filter-args.js';
import { iterableToArray, typeName } from './py-protocol.js';
import { escapeHtml } from './filters-text.js';
import { isMapping, stringRepr, str } from './py-values.js';
import { TemplateRuntimeError } from './template-error.js';
import { Undefined } from './undefined.js';

type Filter = (this: unknown, value: unknown, ...args: unknown[]) => unknown;

// Characters that would end an attribute name (Python's ASCII \s, `/`, `>`, `=`).
const ATTR_KEY_INVALID = /[ \t\n\r\f\v/>=]/;

/** `{'class': 'x', 'id': none}` -> ` class="x"`: None and undefined values are left out. */
function xmlattr(value: unknown, ...args: unknown[]): string {
  const [autospace = true] = bind(args, ['autospace']);
  if (value instanceof Undefined) value.fail();
  if (!isMapping(value)) throw new Error(`AttributeError: '${typeName(value)}' object has no attribute 'items'`);
  const items: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined || item instanceof Undefined) continue;
    if (ATTR_KEY_INVALID.test(key)) throw new Error(`ValueError: Invalid character in attribute name: ${stringRepr(key)}`);
    items.push(`${escapeHtml(key)}="${escapeHtml(item)}"`);
  }
  const rv = items.join(' ');
  return flag(autospace) && rv ? ' ' + rv : rv;
}

// Jinja2's utils._http_re, with Python's Unicode \w.
const W = '[\\p{L}\\p{N}_]';
const HTTP_URL = new RegExp(
  `^(?:(?:https?://|www\\.)(?:(?:[\\p{L}\\p{N}_%-]+\\.)+)?(?:[a-z]{2,63}|xn--[\\p{L}\\p{N}_%]{2,59})` +
    `|(?:[\\p{L}\\p{N}_%-]{2,63}\\.)+(?:com|net|int|edu|gov|org|info|mil)` +
    `|https?://(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[(?:[\\da-f]{0,4}:){2}(?:[\\da-f]{0,4}:?){1,6}\\]))` +
    `(?::\\d{1,5})?(?:[/?#]\\S*)?$`,
  'iu',
);
const EMAIL = new RegExp(`^\\S+@${W}[\\p{L}\\p{N}_.-]*\\.${W}+$`, 'u');
const URI_SCHEME = /^[\p{L}\p{N}_.+-]{2,}:\/{0,2}$/u;
const LEADING = /^(?:[(<]|&lt;)+/;
const TRAILING = /(?:[)>.,\n]|&gt;)+$/;

/** Jinja2's utils.urlize on an already escaped word: the link, with leading and trailing punctuation kept outside. */
function linkWord(word: string, attrs: string, trimUrl: (url: string) => string, extraSchemes: string[]): string {
  let middle = word;
  let head = '';
  let tail = '';
  const lead = LEADING.exec(middle);
  if (lead) {
    head = lead[0];
    middle = middle.slice(head.length);
  }
  const trail = TRAILING.exec(middle);
  if (trail) {
    tail = trail[0];
    middle = middle.slice(0, trail.index);
  }
  // Prefer balancing brackets in the URL to leaving a trailing one out.
  for (const [open, close] of [
    ['(', ')'],
    ['<', '>'],
    ['&lt;', '&gt;'],
  ] as const) {
    const opened = middle.split(open).length - 1;
    if (opened <= middle.split(close).length - 1) continue;
    for (let n = Math.min(opened, tail.split(close).length - 1); n > 0; n--) {
      const end = tail.indexOf(close) + close.length;
      middle += tail.slice(0, end);
      tail = tail.slice(end);
    }
  }
  if (HTTP_URL.test(middle)) {
    const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
    middle = `<a href="${href}"${attrs}>${trimUrl(middle)}</a>`;
  } else if (middle.startsWith('mailto:') && EMAIL.test(middle.slice(7))) {
    middle = `<a href="${middle}">${middle.slice(7)}</a>`;
  } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.startsWith('@') && !middle.includes(':') && EMAIL.test(middle)) {
    middle = `<a href="mailto:${middle}">${middle}</a>`;
  } else {
    for (const scheme of extraSchemes) {
      if (middle !== scheme && middle.startsWith(scheme)) middle = `<a href="${middle}"${attrs}>${middle}</a>`;
    }
  }
  return head + middle + tail;
}

/** Links for http(s) URLs, `www.` and bare domains, and email addresses; the rest of the text escaped. */
function urlize(value: unknown, ...args: unknown[]): string {
  const [trimUrlLimit, nofollow, target, rel, extraSchemes] = bind(args, ['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes']);
  const relParts = new Set(
    str(rel ?? '')
      .split(/\s+/)
      .filter((p) => p !== ''),
  );
  if (flag(nofollow)) relParts.add('nofollow');
  relParts.add('noopener');
  const schemes = extraSchemes === undefined || extraSchemes === null ? [] : iterableToArray(extraSchemes).map(str);
  for (const scheme of schemes) {
    if (!URI_SCHEME.test(scheme)) throw new TemplateRuntimeError(`${stringRepr(scheme)} is not a valid URI scheme prefix.`);
  }
  const limit = trimUrlLimit === undefined || trimUrlLimit === null ? undefined : Number(trimUrlLimit);
  const trimUrl = (url: string): string => (limit !== undefined && url.length > limit ? `${url.slice(0, limit)}...` : url);
  const attrs = ` rel="${escapeHtml([...relParts].sort().join(' '))}"` + (flag(target) ? ` target="${escapeHtml(target)}"` : '');
  return escapeHtml(value)
    .split(/(\s+)/)
    .map((word, i) => (i % 2 === 1 ? word : linkWord(word, attrs, trimUrl, schemes)))
    .join('');
}

export const htmlFilters: Record<string, Filter> = { xmlattr, urlize };
