// Samples a process's resident memory (VmRSS) and CPU time (utime + stime) from Linux /proc.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { nowMs, sleep } from './stats.js';

let clockTicks: number | undefined;

/** Kernel clock ticks per second for /proc/<pid>/stat times (`getconf CLK_TCK`, 100 when unavailable). */
export function clkTck(): number {
  if (clockTicks !== undefined) return clockTicks;
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).trim());
    clockTicks = Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    clockTicks = 100;
  }
  return clockTicks;
}

/** CPU time the process has used so far (user + system), in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot parse utime/stime of /proc/${pid}/stat`);
  return utime + stime;
}

/** Resident set size, MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

export interface UsageSamples {
  /** RSS at every sample, MiB. */
  rssMiB: number[];
  /** CPU share of one core over each sample interval, % (tick resolution: 1 tick / interval). */
  cpuPct: number[];
  /** CPU share of one core over the whole window, % (total ticks / wall time). */
  cpuPctOverall: number;
  /** The window's wall time, ms. */
  wallMs: number;
}

/** Samples `pid` every `intervalMs` for `durationMs`. */
export async function sampleUsage(pid: number, durationMs: number, intervalMs = 500): Promise<UsageSamples> {
  const hz = clkTck();
  const t0 = nowMs();
  const ticks0 = cpuTicks(pid);
  let lastT = t0;
  let lastTicks = ticks0;
  const rss: number[] = [rssMiB(pid)];
  const cpu: number[] = [];
  for (let i = 1; i * intervalMs <= durationMs; i++) {
    await sleep(Math.max(0, t0 + i * intervalMs - nowMs()));
    const t = nowMs();
    const ticks = cpuTicks(pid);
    rss.push(rssMiB(pid));
    cpu.push((((ticks - lastTicks) / hz) * 1000 * 100) / (t - lastT));
    lastT = t;
    lastTicks = ticks;
  }
  const wallMs = lastT - t0;
  return { rssMiB: rss, cpuPct: cpu, cpuPctOverall: (((lastTicks - ticks0) / hz) * 1000 * 100) / wallMs, wallMs };
}
