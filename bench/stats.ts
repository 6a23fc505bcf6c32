// Benchmark helpers: sample statistics (median, p99, mean), a stopwatch, machine info and aligned plain-text tables.

import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** Summary of a set of samples; all fields in the samples' unit (ms in the benches). */
export interface Summary {
  n: number;
  mean: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

function sortedCopy(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new Error('statistics of an empty sample set are undefined');
  return [...samples].sort((a, b) => a - b);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('mean of an empty sample set is undefined');
  return samples.reduce((s, x) => s + x, 0) / samples.length;
}

/** The middle value; the average of the two middle values when the count is even. */
export function median(samples: readonly number[]): number {
  const s = sortedCopy(samples);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100]: the smallest sample with at least p % of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const s = sortedCopy(samples);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

export const p99 = (samples: readonly number[]): number => percentile(samples, 99);

export function summarize(samples: readonly number[]): Summary {
  const s = sortedCopy(samples);
  return { n: s.length, mean: mean(s), median: median(s), p99: percentile(s, 99), min: s[0]!, max: s[s.length - 1]! };
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const nowMs = (): number => performance.now();

/** Runs `fn` and returns how long it took, ms. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = nowMs();
  await fn();
  return nowMs() - t0;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rounds for display and for the JSON report (keeps reports free of 15-digit noise). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Fixed-point text, e.g. fmt(1.23456, 2) = "1.23"; non-finite values print as "-". */
export function fmt(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** Total memory, MiB. */
  memoryMiB: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
  };
}

export function formatMachine(m: MachineInfo): string {
  return `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryMiB} MiB; ${m.platform}; node ${m.node}`;
}

export type Align = 'left' | 'right';

/** An aligned plain-text table: by default the first column left-aligned, the rest right-aligned; `align` overrides per column. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const alignOf = (i: number): Align => align?.[i] ?? (i === 0 ? 'left' : 'right');
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (alignOf(i) === 'left' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A section heading underlined with '='. */
export function heading(title: string): string {
  return `${title}\n${'='.repeat(title.length)}`;
}
