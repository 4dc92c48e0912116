/**
 * Jinja2's `self`: one callable per block of the rendered template, rendering the most derived
 * definition of that block (`{{ self.title() }}` repeats a block), with no local variables.
 */

/** The parts of a nunjucks render that a block function needs (untyped upstream). */
interface BlockContext {
  blocks: Record<string, unknown[]>;
  getBlock(name: string): (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, res?: string) => void) => void;
}

export class TemplateReference {
  [block: string]: () => string;
}

export function templateReference(env: unknown, context: BlockContext, runtime: { Frame: new () => unknown }): TemplateReference {
  const reference = new TemplateReference();
  for (const name of Object.keys(context.blocks)) {
    reference[name] = () => {
      let output = '';
      context.getBlock(name)(env, context, new runtime.Frame(), runtime, (err, res) => {
        if (err) throw err;
        output = res ?? '';
      });
      return output;
    };
  }
  return reference;
}
