// Reads typed fields out of parsed JSON, collecting a problem (path, value found, what was expected) instead of throwing.

import { show, type ConfigProblem } from './config-errors.js';
import { closest } from '../shared/suggest.js';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

export class Problems {
  readonly list: ConfigProblem[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** "got 300, expected an integer 1..247" (or "missing, expected …"). */
  expected(path: string, found: unknown, expected: string): void {
    this.add(path, found === undefined ? `missing, expected ${expected}` : `got ${show(found)}, expected ${expected}`);
  }
}

interface Opt<T> {
  /** Used when the key is absent. */
  default?: T;
  /** Absent is fine and yields undefined. */
  optional?: boolean;
}

/** One JSON object at a key path; every getter reports its own problems and returns undefined on a bad value. */
export class Section {
  constructor(
    readonly problems: Problems,
    readonly path: string,
    readonly obj: Json,
  ) {}

  /** Reads `value` as an object section, or reports what was expected. */
  static of(problems: Problems, path: string, value: unknown, what = 'an object'): Section | undefined {
    if (!isObject(value)) {
      problems.expected(path, value, what);
      return undefined;
    }
    return new Section(problems, path, value);
  }

  at(key: string): string {
    return joinPath(this.path, key);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  /** Reports every key not in `allowed`, with a "did you mean" for typos. */
  allow(allowed: readonly string[]): void {
    for (const key of Object.keys(this.obj)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      this.problems.add(
        this.at(key),
        guess ? `unknown key "${key}"; did you mean "${guess}"?` : `unknown key "${key}"; allowed here: ${allowed.join(', ')}`,
      );
    }
  }

  private absent<T>(key: string, expected: string, opt: Opt<T>): { done: true; value: T | undefined } | { done: false } {
    if (this.obj[key] !== undefined) return { done: false };
    if (opt.default !== undefined) return { done: true, value: opt.default };
    if (!opt.optional) this.problems.expected(this.at(key), undefined, expected);
    return { done: true, value: undefined };
  }

  int(key: string, min: number, max: number, opt: Opt<number> = {}): number | undefined {
    return this.ranged(key, `an integer ${min}..${max}`, (v) => Number.isInteger(v) && v >= min && v <= max, opt);
  }

  /** A finite number min..max (decimals allowed). */
  num(key: string, min: number, max: number, opt: Opt<number> = {}): number | undefined {
    return this.ranged(key, `a number ${min}..${max}`, (v) => Number.isFinite(v) && v >= min && v <= max, opt);
  }

  /** A number `ok` accepts; otherwise a problem saying `expected`. */
  private ranged(key: string, expected: string, ok: (v: number) => boolean, opt: Opt<number>): number | undefined {
    const a = this.absent(key, expected, opt);
    if (a.done) return a.value;
    const v = this.obj[key];
    if (typeof v !== 'number' || !ok(v)) {
      this.problems.expected(this.at(key), v, expected);
      return undefined;
    }
    return v;
  }

  str(key: string, opt: Opt<string> & { minLen?: number; maxLen?: number; pattern?: RegExp; patternHint?: string } = {}): string | undefined {
    const min = opt.minLen ?? 1;
    const expected =
      `a string of ${opt.maxLen !== undefined ? `${min}..${opt.maxLen}` : `at least ${min}`} characters` +
      (opt.patternHint ? ` (${opt.patternHint})` : '');
    const a = this.absent(key, expected, opt);
    if (a.done) return a.value;
    const v = this.obj[key];
    if (typeof v !== 'string' || v.length < min || (opt.maxLen !== undefined && v.length > opt.maxLen) || (opt.pattern && !opt.pattern.test(v))) {
      this.problems.expected(this.at(key), v, expected);
      return undefined;
    }
    return v;
  }

  /** Like str() but the value is never echoed (passwords). */
  secret(key: string, minLen: number, maxLen: number, pattern: RegExp, hint: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      this.problems.add(this.at(key), `got a ${Array.isArray(v) ? 'list' : typeof v}, expected a string of ${minLen}..${maxLen} characters (${hint})`);
      return undefined;
    }
    if (v.length < minLen || v.length > maxLen || !pattern.test(v)) {
      const why = v.length < minLen || v.length > maxLen ? `it has ${v.length} characters` : 'it has a character that is not allowed';
      this.problems.add(this.at(key), `value not shown: ${why}, expected ${minLen}..${maxLen} characters (${hint})`);
      return undefined;
    }
    return v;
  }

  bool(key: string, opt: Opt<boolean> = {}): boolean | undefined {
    const a = this.absent(key, 'true or false', opt);
    if (a.done) return a.value;
    const v = this.obj[key];
    if (typeof v !== 'boolean') {
      this.problems.expected(this.at(key), v, 'true or false');
      return undefined;
    }
    return v;
  }

  oneOf<T extends string | number>(key: string, values: readonly T[], opt: Opt<T> = {}): T | undefined {
    const expected = `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
    const a = this.absent(key, expected, opt);
    if (a.done) return a.value;
    const v = this.obj[key];
    if (!values.includes(v as T)) {
      const guess = typeof v === 'string' ? closest(v, values.map(String)) : undefined;
      this.problems.expected(this.at(key), v, guess ? `${expected} (did you mean "${guess}"?)` : expected);
      return undefined;
    }
    return v as T;
  }

  section(key: string, opt: { optional?: boolean } = {}): Section | undefined {
    const v = this.obj[key];
    if (v === undefined && opt.optional) return undefined;
    return Section.of(this.problems, this.at(key), v);
  }

  array(key: string, what: string, opt: { optional?: boolean; nonEmpty?: boolean } = {}): unknown[] | undefined {
    const v = this.obj[key];
    if (v === undefined && opt.optional) return undefined;
    const expected = `${opt.nonEmpty ? 'a non-empty' : 'a'} list of ${what}`;
    if (!Array.isArray(v) || (opt.nonEmpty && v.length === 0)) {
      this.problems.expected(this.at(key), v, expected);
      return undefined;
    }
    return v;
  }
}
