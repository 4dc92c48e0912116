/**
 * Jinja2's StrictUndefined: the value of a missing name or attribute. Only
 * `is defined`, `is undefined` and `default` may look at it; printing,
 * iterating, comparing, calling or coercing it raises an UndefinedError that
 * names what was missing.
 */

/** Raised when a template uses an undefined value; `hint` is Jinja2's wording. */
export class UndefinedError extends Error {
  override readonly name = 'UndefinedError';
}

export class Undefined {
  /** Jinja2's message, e.g. "'foo' is undefined" or "'dict object' has no attribute 'x'". */
  readonly hint: string;

  constructor(hint: string) {
    this.hint = hint;
  }

  fail(): never {
    throw new UndefinedError(this.hint);
  }

  toString(): string {
    return this.fail();
  }

  valueOf(): never {
    return this.fail();
  }

  [Symbol.toPrimitive](): never {
    return this.fail();
  }

  [Symbol.iterator](): never {
    return this.fail();
  }
}

/** The Undefined for a missing variable `name`. */
export function undefinedName(name: string): Undefined {
  return new Undefined(`'${name}' is undefined`);
}

/** Throws if `value` is Undefined; returns it otherwise (for strict operands). */
export function defined<T>(value: T): T {
  if (value instanceof Undefined) value.fail();
  return value;
}

/**
 * Jinja2's lenient Undefined, the value of an inline if without else (`{{ 'x' if cond }}`),
 * even under StrictUndefined: it prints as '', is false, empty and not defined; any other
 * use (an attribute, a call, arithmetic) fails with Jinja2's message.
 */
export class EmptyUndefined extends Undefined {
  override toString(): string {
    return '';
  }
}
