// Clock-aligned moments (J01): intervals per day from midnight UTC, and the ticker that fires on them.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlignedTicker } from '../../agent/core/station/aligned-ticker.js';
import { isAlignedBoundary, nextAlignedBoundary } from '../../agent/core/transactions/aligned-boundary.js';

const at = (iso: string) => Date.parse(iso);

describe('nextAlignedBoundary', () => {
  it('900 s: the next quarter hour, strictly after the given moment', () => {
    expect(nextAlignedBoundary(at('2026-11-23T10:07:12.345Z'), 900)).toBe(at('2026-11-23T10:15:00Z'));
    expect(nextAlignedBoundary(at('2026-11-23T10:15:00Z'), 900)).toBe(at('2026-11-23T10:30:00Z'));
    expect(nextAlignedBoundary(at('2026-11-23T10:14:59.999Z'), 900)).toBe(at('2026-11-23T10:15:00Z'));
  });

  it('the last interval of the day ends at midnight', () => {
    expect(nextAlignedBoundary(at('2026-11-23T23:50:00Z'), 900)).toBe(at('2026-11-24T00:00:00Z'));
  });

  it('an interval that does not divide the day restarts at midnight (7 h: 00, 07, 14, 21, then 00 again)', () => {
    expect(nextAlignedBoundary(at('2026-11-23T20:00:00Z'), 7 * 3600)).toBe(at('2026-11-23T21:00:00Z'));
    expect(nextAlignedBoundary(at('2026-11-23T21:00:00Z'), 7 * 3600)).toBe(at('2026-11-24T00:00:00Z'));
    expect(nextAlignedBoundary(at('2026-11-24T00:00:00Z'), 7 * 3600)).toBe(at('2026-11-24T07:00:00Z'));
  });

  it('isAlignedBoundary; a non-positive interval is an error', () => {
    expect(isAlignedBoundary(at('2026-11-23T10:15:00Z'), 900)).toBe(true);
    expect(isAlignedBoundary(at('2026-11-23T10:15:01Z'), 900)).toBe(false);
    expect(() => nextAlignedBoundary(0, 0)).toThrow(RangeError);
  });
});

describe('AlignedTicker', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks on each boundary of the live interval, once per boundary, and stops at interval 0', () => {
    vi.useFakeTimers({ now: at('2026-11-23T10:14:58Z') });
    let intervalS = 900;
    const ticks: string[] = [];
    const ticker = new AlignedTicker(
      () => intervalS,
      (b) => ticks.push(new Date(b).toISOString()),
    );
    ticker.start();
    vi.advanceTimersByTime(2_000);
    expect(ticks).toEqual(['2026-11-23T10:15:00.000Z']);
    vi.advanceTimersByTime(900_000);
    expect(ticks).toEqual(['2026-11-23T10:15:00.000Z', '2026-11-23T10:30:00.000Z']);
    intervalS = 60; // SetVariables AlignedDataCtrlr.Interval
    ticker.reschedule();
    vi.advanceTimersByTime(60_000);
    expect(ticks.slice(2)).toEqual(['2026-11-23T10:31:00.000Z']);
    intervalS = 0;
    ticker.reschedule();
    vi.advanceTimersByTime(3_600_000);
    expect(ticks).toHaveLength(3);
  });

  it('a timer firing early does not tick the same boundary twice', () => {
    vi.useFakeTimers({ now: at('2026-11-23T10:14:59Z') });
    const ticks: number[] = [];
    let skew = 0;
    const ticker = new AlignedTicker(
      () => 1,
      (b) => ticks.push(b),
      () => Date.now() - skew,
    );
    ticker.start();
    skew = 2; // the clock the ticker reads lags: the timer seems to fire 2 ms early
    vi.advanceTimersByTime(3_000);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.every((b, i) => i === 0 || b - ticks[i - 1]! === 1_000)).toBe(true);
  });
});
