/**
 * Jinja2's `self`: one callable per block of the rendered template, rendering the most derived
 * definition of that block (`{{ self.title() }}` repeats a block), with no local variables.
 * The compiled template passes the block names and a function rendering one (compiler-templates.ts).
 */

export class TemplateReference {
  [block: string]: () => string;
}

export function templateReference(blocks: string[], renderBlock: (name: string) => string): TemplateReference {
  const reference = new TemplateReference();
  for (const name of blocks) reference[name] = () => renderBlock(name);
  return reference;
}
