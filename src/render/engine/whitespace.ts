/**
 * Jinja2's lexer-level whitespace rules, applied to the source before Nunjucks
 * lexes it (Nunjucks' own trimBlocks/lstripBlocks differ: they skip comments
 * and know no `{%+`/`+%}`):
 *  - lstrip_blocks: spaces and tabs before a `{%` or `{#` at the start of a line are removed;
 *  - trim_blocks: the first newline after `%}` or `#}` is removed;
 *  - `{%+` and `+%}` turn those off for one tag.
 * Removed characters are moved *inside* the tag (where whitespace is
 * insignificant) instead of deleted, so every line and column number Nunjucks
 * reports stays that of the original source.
 */

/** Index just past the closing `close` of a tag opened at `from`, skipping string literals and nested braces. */
function findTagEnd(src: string, from: number, close: string): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"' || ch === "'") {
      for (i++; i < src.length && src[i] !== ch; i++) if (src[i] === '\\') i++;
    } else if (close === '}}' && ch === '{') {
      depth++;
    } else if (close === '}}' && ch === '}' && depth > 0) {
      depth--;
    } else if (ch === close[0] && src[i + 1] === close[1]) {
      return i + 2;
    }
  }
  return -1;
}

/**
 * Nunjucks ends a tag at the first `}}` even inside a dict literal (`{% set d = {'a': {'b': 1}} %}`);
 * Jinja2 balances braces. Separate such inner closing braces with a space.
 */
function separateInnerBraces(tag: string): string {
  const inner = tag.slice(2, -2);
  if (!inner.includes('}}')) return tag;
  let out = '';
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      for (; j < inner.length && inner[j] !== ch; j++) if (inner[j] === '\\') j++;
      out += inner.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === '{') depth++;
    if (ch === '}' && depth > 0) {
      depth--;
      out += inner[i + 1] === '}' ? '} ' : '}';
      continue;
    }
    out += ch;
  }
  return tag.slice(0, 2) + out + tag.slice(-2);
}

const RAW_OPEN = /^\{%[-+]?\s*raw\s*[-+]?%\}$/;
// Jinja2's lexer knows `{% raw -%}` but not `{% raw +%}`: that is an unknown tag `raw`.
const RAW_OPEN_PLUS = /^\{%[-+]?\s*raw\s*\+%\}$/;
const RAW_TAG = /^\{%[-+]?\s*(end)?raw\s*[-+]?%\}$/;
const RAW_CLOSE = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
const INLINE_SPACE = /^[ \t\f\v\r]+$/;

/**
 * Rewrite `src` so that Nunjucks (with trimBlocks/lstripBlocks off) produces Jinja2's whitespace.
 * The 0-based numbers of lines that now start with a moved `%}`/`#}` (2 columns to the right of
 * the source) are added to `shiftedLines`, so positions can be reported as in the source.
 */
export function applyJinjaWhitespace(src: string, shiftedLines?: Set<number>): string {
  const out: string[] = [];
  let counted = 0;
  let line = 0;
  const lineOf = (index: number): number => {
    for (; counted < index; counted++) if (src.charCodeAt(counted) === 10) line++;
    return line;
  };
  let pos = 0;
  let lineStarting = true;
  let rawUntil = -1;
  while (pos < src.length) {
    // Inside {% raw %}, tags are text: look for the next tag from {% endraw %} on.
    let open = src.indexOf('{', rawUntil >= 0 ? rawUntil : pos);
    rawUntil = -1;
    while (open !== -1 && !'%{#'.includes(src[open + 1] ?? '')) open = src.indexOf('{', open + 1);
    if (open === -1) {
      out.push(src.slice(pos));
      break;
    }
    const kind = src[open + 1];
    const close = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
    const end = kind === '#' ? src.indexOf('#}', open + 2) + 2 : findTagEnd(src, open + 2, close);
    if (end < 2) {
      out.push(src.slice(pos));
      break;
    }
    let text = src.slice(pos, open);
    let tag = src.slice(open, end);
    if (kind !== '#') tag = separateInnerBraces(tag);
    if (kind === '{') {
      out.push(text, tag);
      pos = end;
      lineStarting = false;
      continue;
    }
    if (kind === '%' && RAW_OPEN_PLUS.test(tag)) {
      const column = open - (src.lastIndexOf('\n', open - 1) + 1);
      throw Object.assign(new Error("Encountered unknown tag 'raw'."), { lineno: lineOf(open) + 1, colno: column + 1 });
    }
    const startSign = tag[2];
    const isRaw = kind === '%' && RAW_TAG.test(tag);
    if (isRaw && startSign === '-') {
      // Nunjucks does not recognise `{%- raw %}`/`{%- endraw %}`: strip here, moving the whitespace into the tag.
      const ws = /\s*$/.exec(text)?.[0] ?? '';
      text = text.slice(0, text.length - ws.length);
      tag = tag.slice(0, 2) + ws + ' ' + tag.slice(3);
    } else if (startSign === '+') {
      tag = tag.slice(0, 2) + ' ' + tag.slice(3);
    } else if (startSign !== '-') {
      const lineStart = text.lastIndexOf('\n') + 1;
      if ((lineStart > 0 || lineStarting) && INLINE_SPACE.test(text.slice(lineStart))) {
        tag = tag.slice(0, 2) + text.slice(lineStart) + tag.slice(2);
        text = text.slice(0, lineStart);
      }
    }
    let next = end;
    const endSign = tag[tag.length - 3];
    if (isRaw && endSign === '-') {
      const ws = /^\s*/.exec(src.slice(end))?.[0] ?? '';
      tag = tag.slice(0, -3) + ' ' + ws + tag.slice(-2);
      next = end + ws.length;
      lineStarting = ws.endsWith('\n');
    } else if (endSign === '+') {
      tag = tag.slice(0, -3) + ' ' + tag.slice(-2);
      lineStarting = false;
    } else if (endSign === '-') {
      const ws = /^\s*/.exec(src.slice(end, end + 200))?.[0] ?? '';
      lineStarting = ws.endsWith('\n');
    } else if (src[end] === '\n' && !(isRaw && RAW_OPEN.test(tag))) {
      // (Jinja2's trim_blocks does not apply to the `{% raw %}` tag itself.)
      tag = tag.slice(0, -2) + '\n' + tag.slice(-2);
      next = end + 1;
      lineStarting = true;
      shiftedLines?.add(lineOf(end) + 1);
    } else {
      lineStarting = false;
    }
    out.push(text, tag);
    pos = next;
    if (kind === '%' && RAW_OPEN.test(src.slice(open, end))) {
      RAW_CLOSE.lastIndex = next;
      const m = RAW_CLOSE.exec(src);
      rawUntil = m ? m.index : src.length;
    }
  }
  return out.join('');
}
