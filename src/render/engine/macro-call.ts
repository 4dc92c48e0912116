/**
 * Binding a macro call's arguments the way Jinja2 does: positional then
 * keyword, defaults for what is missing, `varargs`/`kwargs` for the rest when
 * the macro body uses them, and a TypeError for too many or unknown arguments.
 */
import { isKwargs } from './py-protocol.js';
import { tuple } from './py-values.js';

export interface MacroSignature {
  name: string;
  /** Parameters without a default. */
  params: string[];
  /** Parameters with a default (evaluated by the compiled macro when absent). */
  defaults: string[];
  /** The body refers to `varargs`: extra positional arguments are collected there. */
  varargs: boolean;
  /** The body refers to `kwargs`: unknown keyword arguments are collected there. */
  kwargs: boolean;
}

/** The compiled body: one argument per parameter without default, then an object with the rest. */
type MacroBody = (...args: unknown[]) => string;

export function makeMacro(signature: MacroSignature, body: MacroBody): (...args: unknown[]) => string {
  const { name, params, defaults } = signature;
  const all = [...params, ...defaults];
  return function macro(this: unknown, ...callArgs: unknown[]): string {
    let given: Record<string, unknown> = {};
    const last = callArgs[callArgs.length - 1];
    if (isKwargs(last)) {
      callArgs.pop();
      const { __keywords: _, ...rest } = last;
      given = rest;
    }
    if (callArgs.length > all.length && !signature.varargs) {
      throw new TypeError(`macro '${name}' takes not more than ${all.length} argument(s)`);
    }
    const args: unknown[] = new Array(params.length + 1);
    const rest: Record<string, unknown> = {};
    for (let i = 0; i < all.length; i++) {
      const param = all[i] as string;
      const positional = i < callArgs.length;
      const byKeyword = Object.prototype.hasOwnProperty.call(given, param);
      if (positional && byKeyword) throw new TypeError(`macro '${name}' got multiple values for argument '${param}'`);
      const value = positional ? callArgs[i] : given[param];
      if (i < params.length) args[i] = positional || byKeyword ? value : undefined;
      else if (positional || byKeyword) rest[param] = value;
    }
    let extra: Record<string, unknown> | undefined;
    for (const key in given) {
      if (key === 'caller' || all.includes(key)) continue;
      if (!signature.kwargs) throw new TypeError(`macro '${name}' takes no keyword argument '${key}'`);
      (extra ??= {})[key] = given[key];
    }
    if (Object.prototype.hasOwnProperty.call(given, 'caller')) rest.caller = given.caller;
    if (signature.varargs) rest.varargs = tuple(callArgs.slice(all.length));
    if (signature.kwargs) rest.kwargs = extra ?? {};
    args[params.length] = rest;
    return body.apply(this, args);
  };
}
