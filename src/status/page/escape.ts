/** Text and attribute values made safe for HTML, and links kept to http(s) only. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** An `<a>` to `url` when it is http(s), else the label alone (a recorded URL is data, not trusted). */
export function link(url: string | undefined, label: string, className: string): string {
  if (!url || !/^https?:\/\//i.test(url)) return '';
  return `<a class="${className}" href="${esc(url)}" rel="noopener">${esc(label)}</a>`;
}
