// Exact decimal arithmetic on BigInt fixed point (18 fractional digits): money and energy without binary floating-point drift.

/**
 * How a result that does not fit is rounded:
 * - 'half-up': to the nearest, a tie away from zero (commercial rounding: 0.125 → 0.13, -0.125 → -0.13);
 * - 'half-even': to the nearest, a tie to the even neighbour (banker's rounding: 0.125 → 0.12);
 * - 'down': toward zero (truncate);
 * - 'up': away from zero.
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

/** Fractional digits every Decimal carries. Products and quotients are rounded to this (half-even) unless told otherwise. */
export const DECIMAL_SCALE_DIGITS = 18;
const SCALE = 10n ** BigInt(DECIMAL_SCALE_DIGITS);

const NUMBER_TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `n / d` rounded by `mode` (d ≠ 0). */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  const away = negative ? q - 1n : q + 1n;
  const twiceR = (r < 0n ? -r : r) * 2n;
  const absD = d < 0n ? -d : d;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'half-up':
      return twiceR >= absD ? away : q;
    case 'half-even':
      if (twiceR > absD) return away;
      if (twiceR < absD) return q;
      return q % 2n === 0n ? q : away;
  }
}

/**
 * An immutable decimal number with 18 fractional digits, held as a BigInt count of 10^-18 units. Sums and
 * differences are exact; products and quotients are rounded at the 18th digit (far below any currency's minor
 * unit, so a session summed per second does not drift).
 */
export class Decimal {
  static readonly ZERO = new Decimal(0n);
  static readonly ONE = new Decimal(SCALE);

  /** The value in units of 10^-18. */
  private constructor(readonly units: bigint) {}

  /**
   * A JS number (converted through its shortest round-trip decimal text, String(n), so 0.1 is exactly 0.1),
   * a decimal text ("12.345", "-1e-7"), a bigint (an integer value) or a Decimal. Throws a RangeError for a
   * non-finite number or text that is not a decimal number. Digits beyond the 18th fractional one are rounded half-even.
   */
  static from(value: number | string | bigint | Decimal): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value * SCALE);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${String(value)}`);
      if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return new Decimal(BigInt(value) * SCALE);
      return Decimal.parse(String(value));
    }
    return Decimal.parse(value);
  }

  /** A Decimal from its 10^-18 units. */
  static fromUnits(units: bigint): Decimal {
    return new Decimal(units);
  }

  /** Parses decimal text, optionally with an exponent; throws a RangeError naming the text when it is not a number. */
  static parse(text: string): Decimal {
    const m = NUMBER_TEXT.exec(text.trim());
    const intPart = m?.[2] ?? '';
    const fracPart = m?.[3] ?? '';
    if (!m || intPart.length + fracPart.length === 0) throw new RangeError(`not a decimal number: "${text}"`);
    const digits = BigInt(intPart + fracPart || '0');
    const exp = Number(m[4] ?? '0') - fracPart.length + DECIMAL_SCALE_DIGITS;
    if (!Number.isSafeInteger(exp) || exp > 400) throw new RangeError(`decimal number out of range: "${text}"`);
    const units = exp >= 0 ? digits * 10n ** BigInt(exp) : divRound(digits, 10n ** BigInt(-exp), 'half-even');
    return new Decimal(m[1] === '-' ? -units : units);
  }

  /** The sum of `values` (0 for none). */
  static sum(values: Iterable<Decimal>): Decimal {
    let units = 0n;
    for (const v of values) units += v.units;
    return new Decimal(units);
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.units <= b.units ? a : b;
  }

  static max(a: Decimal, b: Decimal): Decimal {
    return a.units >= b.units ? a : b;
  }

  add(other: Decimal | number): Decimal {
    return new Decimal(this.units + Decimal.from(other).units);
  }

  sub(other: Decimal | number): Decimal {
    return new Decimal(this.units - Decimal.from(other).units);
  }

  /** Product, rounded at the 18th fractional digit by `mode`. */
  mul(other: Decimal | number, mode: RoundingMode = 'half-even'): Decimal {
    return new Decimal(divRound(this.units * Decimal.from(other).units, SCALE, mode));
  }

  /** Quotient, rounded at the 18th fractional digit by `mode`; throws a RangeError when dividing by zero. */
  div(other: Decimal | number, mode: RoundingMode = 'half-even'): Decimal {
    const d = Decimal.from(other).units;
    if (d === 0n) throw new RangeError('division by zero');
    return new Decimal(divRound(this.units * SCALE, d, mode));
  }

  neg(): Decimal {
    return new Decimal(-this.units);
  }

  abs(): Decimal {
    return this.units < 0n ? this.neg() : this;
  }

  /** Rounded to `fractionDigits` (0..18) decimals by `mode` (default half-up). */
  round(fractionDigits: number, mode: RoundingMode = 'half-up'): Decimal {
    if (!Number.isInteger(fractionDigits) || fractionDigits < 0 || fractionDigits > DECIMAL_SCALE_DIGITS) {
      throw new RangeError(`fractionDigits must be an integer 0..${DECIMAL_SCALE_DIGITS}, got ${fractionDigits}`);
    }
    const factor = 10n ** BigInt(DECIMAL_SCALE_DIGITS - fractionDigits);
    return new Decimal(divRound(this.units, factor, mode) * factor);
  }

  /** -1, 0 or 1. */
  cmp(other: Decimal | number): number {
    const o = Decimal.from(other).units;
    return this.units < o ? -1 : this.units > o ? 1 : 0;
  }

  eq(other: Decimal | number): boolean {
    return this.cmp(other) === 0;
  }

  lt(other: Decimal | number): boolean {
    return this.cmp(other) < 0;
  }

  lte(other: Decimal | number): boolean {
    return this.cmp(other) <= 0;
  }

  gt(other: Decimal | number): boolean {
    return this.cmp(other) > 0;
  }

  gte(other: Decimal | number): boolean {
    return this.cmp(other) >= 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** The shortest exact decimal text ("0.3", "-12", "0.000000001"). */
  toString(): string {
    const negative = this.units < 0n;
    const abs = negative ? -this.units : this.units;
    const int = abs / SCALE;
    const frac = (abs % SCALE).toString().padStart(DECIMAL_SCALE_DIGITS, '0').replace(/0+$/, '');
    return `${negative ? '-' : ''}${int.toString()}${frac ? `.${frac}` : ''}`;
  }

  /** Text with exactly `fractionDigits` decimals after rounding by `mode` (default half-up): "25.00". */
  toFixed(fractionDigits: number, mode: RoundingMode = 'half-up'): string {
    const r = this.round(fractionDigits, mode);
    const negative = r.units < 0n;
    const abs = negative ? -r.units : r.units;
    const int = (abs / SCALE).toString();
    if (fractionDigits === 0) return `${negative ? '-' : ''}${int}`;
    const frac = (abs % SCALE).toString().padStart(DECIMAL_SCALE_DIGITS, '0').slice(0, fractionDigits);
    return `${negative ? '-' : ''}${int}.${frac}`;
  }

  /** The nearest JS number (for JSON output): exact for values already rounded to a few decimals. */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Shorthand for Decimal.from. */
export function dec(value: number | string | bigint | Decimal): Decimal {
  return Decimal.from(value);
}
