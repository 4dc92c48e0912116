/**
 * Python's int and float on JavaScript numbers. A plain number is an int when integral and a
 * float otherwise; a float with an integral value (`1.0`, `10 / 2`, `'42' | float`) is a
 * PyFloat box, so that it prints `1.0`; an int beyond 2^53 is a bigint, so that it stays exact.
 */

/** A Python float whose value is integral: `1.0` (JavaScript cannot tell 1.0 from 1). */
export class PyFloat extends Number {}

/** A Python number: bool, int (number or bigint) or float (number or PyFloat). */
export type PyNumeric = boolean | number | bigint | PyFloat;

export function isNumeric(value: unknown): value is PyNumeric {
  const t = typeof value;
  return t === 'number' || t === 'boolean' || t === 'bigint' || value instanceof PyFloat;
}

/** True for a Python float (bool and int are not). */
export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** The float `x`: boxed when integral, so it keeps printing as a float. */
export function pyFloat(x: number): number | PyFloat {
  return Number.isInteger(x) ? new PyFloat(x) : x;
}

/** The int `x`: a number while exact, else a bigint. */
export function pyInt(x: number | bigint): number | bigint {
  if (typeof x === 'bigint') return x >= Number.MIN_SAFE_INTEGER && x <= Number.MAX_SAFE_INTEGER ? Number(x) : x;
  return Number.isSafeInteger(x) || !Number.isFinite(x) ? x : BigInt(x);
}

/** An int operand (bool counts) as a number or bigint. */
function intValue(value: PyNumeric): number | bigint {
  return typeof value === 'bigint' ? value : Number(value);
}

/**
 * `a op b` on two Python numbers: float arithmetic if either is a float, else exact int
 * arithmetic (`big` in bigint when the number result would not be exact).
 */
export function arithmetic(a: PyNumeric, b: PyNumeric, f: (x: number, y: number) => number, big: (x: bigint, y: bigint) => bigint): number | bigint | PyFloat {
  if (isFloat(a) || isFloat(b)) return pyFloat(f(Number(a), Number(b)));
  const x = intValue(a);
  const y = intValue(b);
  if (typeof x === 'number' && typeof y === 'number') {
    const r = f(x, y);
    if (Number.isSafeInteger(r)) return r;
  }
  return pyInt(big(BigInt(x), BigInt(y)));
}

/** Numeric ordering: negative, zero or positive (exact for ints of any size). */
export function compareNumbers(a: PyNumeric, b: PyNumeric): number {
  if ((typeof a === 'bigint' || typeof b === 'bigint') && !isFloat(a) && !isFloat(b)) {
    const x = BigInt(intValue(a));
    const y = BigInt(intValue(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

/** Python's repr() of a float: `1.0`, `0.1`, `1e+16`, `2.5e-05`, `inf`, `nan`. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const abs = Math.abs(x);
  if (abs === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (abs >= 1e-4 && abs < 1e16) return Number.isInteger(x) ? `${x}.0` : String(x);
  // Python switches to exponent notation outside [1e-4, 1e16) and pads the exponent to 2 digits.
  return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's repr() of an int or float. */
export function numberRepr(value: number | bigint | PyFloat): string {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof PyFloat) return floatRepr(value.valueOf());
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return floatRepr(value);
}
