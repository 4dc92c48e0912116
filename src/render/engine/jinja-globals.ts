/** Jinja2's default globals: range, dict, namespace, cycler, joiner. */
import { splitKwargs } from './py-protocol.js';
import { Namespace } from './py-values.js';

/** Python range(stop) / range(start, stop[, step]). */
function range(...args: unknown[]): number[] {
  const nums = args.map(Number);
  const [start, stop, step] = nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, nums[2] ?? 1];
  if (step === 0) throw new Error('ValueError: range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function dict(...args: unknown[]): Record<string, unknown> {
  const [positional, kwargs] = splitKwargs(args);
  return Object.assign({}, ...positional, kwargs) as Record<string, unknown>;
}

/** namespace(a=1): the object `{% set ns.a = ... %}` writes to, visible across loop scopes. */
function namespace(...args: unknown[]): Namespace {
  const [positional, kwargs] = splitKwargs(args);
  return Object.assign(new Namespace(), ...positional, kwargs) as Namespace;
}

class Cycler {
  private pos = 0;
  constructor(private readonly items: unknown[]) {}
  get current(): unknown {
    return this.items[this.pos];
  }
  next(): unknown {
    const value = this.items[this.pos];
    this.pos = (this.pos + 1) % this.items.length;
    return value;
  }
  reset(): null {
    this.pos = 0;
    return null;
  }
}

function joiner(sep: unknown = ', '): () => string {
  let used = false;
  return () => {
    if (used) return String(sep);
    used = true;
    return '';
  };
}

export const jinjaGlobals: Record<string, unknown> = {
  range,
  dict,
  namespace,
  cycler: (...items: unknown[]) => new Cycler(items),
  joiner,
};
