/**
 * Jinja2's `loop` variable inside `{% for %}`: index, index0, revindex,
 * revindex0, first, last, length, previtem, nextitem, depth, cycle(),
 * changed(), and `loop(items)` in a recursive loop. One object per loop,
 * advanced in place like Jinja2's LoopContext.
 */
import { eq } from './py-values.js';
import { Undefined } from './undefined.js';

export class LoopContext {
  private readonly items: unknown[];
  private i = 0;
  private lastChanged: unknown[] | undefined;
  readonly length: number;
  readonly depth: number;
  readonly depth0: number;

  /** The compiled loop of a `recursive` loop: renders `items` at a depth. */
  private readonly recurse: ((items: unknown, depth0: number) => string) | null;

  constructor(items: unknown[], depth0: number, recurse: ((items: unknown, depth0: number) => string) | null = null) {
    this.items = items;
    this.recurse = recurse;
    this.length = items.length;
    this.depth0 = depth0;
    this.depth = depth0 + 1;
  }

  /** Called by the compiled loop before each iteration. */
  at(i: number): this {
    this.i = i;
    return this;
  }

  get index(): number {
    return this.i + 1;
  }
  get index0(): number {
    return this.i;
  }
  get revindex(): number {
    return this.length - this.i;
  }
  get revindex0(): number {
    return this.length - this.i - 1;
  }
  get first(): boolean {
    return this.i === 0;
  }
  get last(): boolean {
    return this.i === this.length - 1;
  }
  get previtem(): unknown {
    return this.i > 0 ? this.items[this.i - 1] : new Undefined('there is no previous item');
  }
  get nextitem(): unknown {
    return this.i < this.length - 1 ? this.items[this.i + 1] : new Undefined('there is no next item');
  }

  /** `loop(children)`: the body of a recursive loop over `children`, one level deeper. */
  call(...args: unknown[]): string {
    if (this.recurse === null) throw new TypeError("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.");
    if (args.length !== 1) throw new TypeError(`loop() takes exactly one argument (${args.length} given)`);
    return this.recurse(args[0], this.depth);
  }

  cycle(...values: unknown[]): unknown {
    if (values.length === 0) throw new TypeError('no items for cycling given');
    return values[this.i % values.length];
  }

  changed(...values: unknown[]): boolean {
    if (this.lastChanged !== undefined && eq(this.lastChanged, values)) return false;
    this.lastChanged = values;
    return true;
  }
}
