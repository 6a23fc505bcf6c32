// Benchmark (issue #5): maxCost overshoot of 20 prepaid sessions on the real agent (22 kW, 1 s meter poll), and the cost of one CostSession update under a 10-element tariff.

import type { TariffType } from '../agent/core/types/v21.js';
import { costBudget } from '../agent/core/tariffs/cost-budget.js';
import { CostSession } from '../agent/core/tariffs/cost-calculator.js';
import { fixedOffset } from '../agent/core/tariffs/local-time.js';
import { prepaidSession, startFleet, type SessionResult } from './agent-fleet.js';
import type { BenchModule } from './run-all.js';
import { fmt, nowMs, round, summarize, table, type Summary } from './stats.js';

const POWER_W = 22_000;
const METER_POLL_MS = 1000;
/** The agents' config tariff: 2.50 EUR/kWh + 20 % VAT = 3.00 EUR/kWh incl. tax: 1 cent buys 3.33 Wh (0.55 s at 22 kW). */
const NET_PER_KWH = 2.5;
const TAX_PERCENT = 20;
const GROSS_PER_KWH = NET_PER_KWH * (1 + TAX_PERCENT / 100);
const MINOR_UNIT = 0.01;
const MS_PER_HOUR = 3_600_000;

interface OvershootFigures {
  sessions: number;
  powerW: number;
  meterPollMs: number;
  grossPricePerKwh: number;
  /** Energy between two meter polls, Wh, and what it costs incl. tax, EUR. */
  pollStepWh: number;
  pollStepCost: number;
  amounts: number[];
  /** Ended costDetails totalCost.total.inclTax − maxCost, EUR (rounded totals, what the driver is billed). */
  billedOvershoot: Summary;
  /** The same in minor units (cents). */
  billedOvershootMinor: Summary;
  /** Sessions billed above their maxCost (Ended total inclTax > maxCost): must be 0. */
  billedAboveMaxCost: number;
  /** Delivered energy (Transaction.End − Begin) × gross price − maxCost, EUR, unrounded. */
  exactOvershoot: Summary;
  /** The exact overshoot as energy: delivered Wh − maxCost / gross price, Wh. */
  exactOvershootWh: Summary;
  /** Simulator meter's energy − maxCost / gross price, Wh (what really flowed, including after the Ended reading). */
  simOvershootWh: Summary;
  stoppedReasons: Record<string, number>;
  samples: Array<{ amount: number; billed: number; deliveredWh: number; overshootMinor: number }>;
  wallS: number;
}

interface UpdateFigures {
  readings: number;
  priceElements: number;
  chargingPeriods: number;
  /** µs per CostSession.update() call. */
  updateUs: Summary;
  /** µs per CostSession.costDetails() call (every 10th reading). */
  costDetailsUs: Summary;
  /** µs per costBudget(session, 36 EUR).remainingWh() call (what the limit enforcer asks at every reading). */
  budgetUs: Summary;
  /** The same with a maxCost that never runs out (the walk covers the whole 7-day horizon). */
  unreachableBudgetUs: Summary;
  finalTotalInclTax: number | undefined;
}

export interface CostBenchResult {
  overshoot: OvershootFigures;
  update: UpdateFigures;
}

function endedTotal(r: SessionResult): number {
  const ended = r.tx.events.find((e) => e.eventType === 'Ended');
  const total = ended?.costDetails?.totalCost.total.inclTax;
  if (total === undefined) throw new Error(`station ${r.stationId}, payment ${r.reference}: the Ended event carries no costDetails total`);
  return total;
}

/** (a) 20 concurrent prepaid sessions sold as maxCost; amounts 0.10 … 0.29 EUR so the crossing falls at a different phase of the 1 s poll. */
async function maxCostOvershoot(sessions: number, print: (t: string) => void): Promise<OvershootFigures> {
  const fleet = await startFleet({
    prefix: 'COST',
    count: sessions,
    meterPollMs: METER_POLL_MS,
    powerW: POWER_W,
    pricePerKwh: GROSS_PER_KWH,
    tariff: { currency: 'EUR', pricePerKwh: NET_PER_KWH, taxPercent: TAX_PERCENT },
  });
  try {
    const amounts = fleet.stations.map((_, k) => round(0.1 + k * MINOR_UNIT, 2));
    const t0 = nowMs();
    const results = await Promise.all(fleet.stations.map((st, k) => prepaidSession(fleet, st, amounts[k]!, `C-${k + 1}`, 60_000, 'cost')));
    const wallS = (nowMs() - t0) / 1000;
    const billed = results.map(endedTotal);
    const over = billed.map((b, k) => b - amounts[k]!);
    const exact = results.map((r, k) => (r.deliveredWh / 1000) * GROSS_PER_KWH - amounts[k]!);
    const whFor = (amount: number) => (amount / GROSS_PER_KWH) * 1000;
    const reasons: Record<string, number> = {};
    for (const r of results) reasons[r.stoppedReason ?? '(none)'] = (reasons[r.stoppedReason ?? '(none)'] ?? 0) + 1;
    const figures: OvershootFigures = {
      sessions,
      powerW: POWER_W,
      meterPollMs: METER_POLL_MS,
      grossPricePerKwh: GROSS_PER_KWH,
      pollStepWh: (POWER_W * METER_POLL_MS) / MS_PER_HOUR,
      pollStepCost: ((POWER_W * METER_POLL_MS) / MS_PER_HOUR / 1000) * GROSS_PER_KWH,
      amounts,
      billedOvershoot: summarize(over),
      billedOvershootMinor: summarize(over.map((x) => Math.round(x / MINOR_UNIT))),
      billedAboveMaxCost: over.filter((x) => Math.round(x / MINOR_UNIT) > 0).length,
      exactOvershoot: summarize(exact),
      exactOvershootWh: summarize(results.map((r, k) => r.deliveredWh - whFor(amounts[k]!))),
      simOvershootWh: summarize(results.map((r, k) => r.simWh - whFor(amounts[k]!))),
      stoppedReasons: reasons,
      samples: results.map((r, k) => ({ amount: amounts[k]!, billed: billed[k]!, deliveredWh: round(r.deliveredWh, 2), overshootMinor: Math.round(over[k]! / MINOR_UNIT) })),
      wallS,
    };
    print(
      `(a) maxCost overshoot: ${sessions} concurrent prepaid sessions, each its own rig and in-process agent; ${POWER_W / 1000} kW, meter poll ${METER_POLL_MS} ms;\n` +
        `    config tariff ${fmt(NET_PER_KWH)} EUR/kWh + ${TAX_PERCENT} % VAT = ${fmt(GROSS_PER_KWH)} EUR/kWh; maxCost ${fmt(amounts[0])} … ${fmt(amounts[amounts.length - 1])} EUR (CsmsSim pay limitBy 'cost');\n` +
        `    one meter poll = ${fmt(figures.pollStepWh)} Wh = ${fmt(figures.pollStepCost, 4)} EUR; stopped: ${Object.entries(reasons).map(([k, v]) => `${k} ${v}`).join(', ')}; wall ${fmt(wallS, 1)} s\n`,
    );
    const row = (name: string, s: Summary, d: number, unit: string) => [name, fmt(s.median, d), fmt(s.max, d), fmt(s.min, d), unit];
    print(
      table(
        ['overshoot', 'median', 'max', 'min', 'unit'],
        [
          row('billed total − maxCost (Ended costDetails, inclTax)', figures.billedOvershoot, 4, 'EUR'),
          row('  in minor units', figures.billedOvershootMinor, 0, 'cent'),
          row('delivered × price − maxCost (unrounded)', figures.exactOvershoot, 4, 'EUR'),
          row('  as energy (delivered − maxCost/price)', figures.exactOvershootWh, 2, 'Wh'),
          row('  simulator meter (all that flowed)', figures.simOvershootWh, 2, 'Wh'),
        ],
      ),
    );
    print(
      `\n    billed above maxCost: ${figures.billedAboveMaxCost} of ${sessions} sessions (must be 0); billed − maxCost in minor units: ` +
        `median ${fmt(figures.billedOvershootMinor.median, 0)}, max ${fmt(figures.billedOvershootMinor.max, 0)}\n`,
    );
    print(
      table(
        ['maxCost EUR', 'billed EUR', 'delivered Wh', 'overshoot cent'],
        figures.samples.map((s) => [fmt(s.amount), fmt(s.billed), fmt(s.deliveredWh, 1), String(s.overshootMinor)]),
      ),
    );
    return figures;
  } finally {
    await fleet.close();
  }
}

/** 10 price elements: 8 energy (7 time-of-day windows + a fallback), charging time above 11 kW, idle time after 5 min; VAT everywhere. */
export function benchTariff(): TariffType {
  const vat = [{ type: 'VAT', tax: 16, stack: 0 }];
  const windows: Array<[string, string, number]> = [
    ['00:00', '06:00', 0.2],
    ['06:00', '08:00', 0.35],
    ['08:00', '09:00', 0.45],
    ['09:00', '12:00', 0.3],
    ['12:00', '14:00', 0.28],
    ['14:00', '17:00', 0.32],
    ['17:00', '21:00', 0.5],
  ];
  return {
    tariffId: 'BENCH-10',
    currency: 'EUR',
    energy: {
      prices: [...windows.map(([startTimeOfDay, endTimeOfDay, priceKwh]) => ({ priceKwh, conditions: { startTimeOfDay, endTimeOfDay } })), { priceKwh: 0.38 }],
      taxRates: vat,
    },
    chargingTime: { prices: [{ priceMinute: 0.05, conditions: { minPower: 11_000 } }], taxRates: vat },
    idleTime: { prices: [{ priceMinute: 0.2, conditions: { minIdleTime: 300 } }], taxRates: vat },
  };
}

/** Feeds `n` one-second readings (22 kW with a little ripple; 60 s idle every 1000 s) to a session starting 07:30 UTC. */
function feed(n: number): UpdateFigures {
  const tariff = benchTariff();
  const startedAt = Date.parse('2025-01-15T07:30:00Z');
  const session = new CostSession({ tariff, startedAt, startEnergyWh: 1_000_000, utcOffset: fixedOffset(0) });
  // 36 EUR runs out a little after the last reading (total ≈ 34.4 EUR): the forward walk stops at the crossing.
  // 1 000 000 EUR never runs out: the walk goes through every price change of the 7-day horizon (worst case).
  const budget = costBudget(session, 36);
  const unreachable = costBudget(session, 1_000_000);
  const updateUs: number[] = [];
  const detailsUs: number[] = [];
  const budgetUs: number[] = [];
  const unreachableUs: number[] = [];
  let energyWh = 1_000_000;
  for (let i = 1; i <= n; i++) {
    const idle = i % 1000 >= 940;
    const powerW = idle ? 0 : POWER_W + ((i * 37) % 200) - 100;
    energyWh += powerW / 3600;
    const reading = { timestamp: startedAt + i * 1000, energyWh: Math.round(energyWh * 1000) / 1000, powerW, charging: !idle, idle };
    const t0 = nowMs();
    session.update(reading);
    const t1 = nowMs();
    budget.remainingWh({ deliveredWh: energyWh - 1_000_000, elapsedMs: reading.timestamp - startedAt });
    const t2 = nowMs();
    unreachable.remainingWh({ deliveredWh: energyWh - 1_000_000, elapsedMs: reading.timestamp - startedAt });
    const t3 = nowMs();
    updateUs.push((t1 - t0) * 1000);
    budgetUs.push((t2 - t1) * 1000);
    unreachableUs.push((t3 - t2) * 1000);
    if (i % 10 === 0) {
      const t4 = nowMs();
      session.costDetails();
      detailsUs.push((nowMs() - t4) * 1000);
    }
  }
  const details = session.costDetails();
  const elements = ['energy', 'chargingTime', 'idleTime'] as const;
  return {
    readings: n,
    priceElements: elements.reduce((s, c) => s + (tariff[c]?.prices.length ?? 0), 0),
    chargingPeriods: details.chargingPeriods?.length ?? 0,
    updateUs: summarize(updateUs),
    costDetailsUs: summarize(detailsUs),
    budgetUs: summarize(budgetUs),
    unreachableBudgetUs: summarize(unreachableUs),
    finalTotalInclTax: details.totalCost.total.inclTax,
  };
}

/** (b) the cost of one cost update. */
function updateCost(print: (t: string) => void): UpdateFigures {
  feed(2000); // warm-up (JIT); its figures are dropped
  const f = feed(10_000);
  print(
    `(b) CostSession under a tariff of ${f.priceElements} price elements (8 energy with time-of-day windows, charging time above 11 kW,\n` +
      `    idle time after 5 min, 16 % VAT), fed ${f.readings} one-second readings from 07:30 UTC (crosses 08:00 and 09:00; 60 s idle every 1000 s):\n` +
      `    ${f.chargingPeriods} charging periods, total ${fmt(f.finalTotalInclTax)} EUR incl. tax\n`,
  );
  const row = (name: string, s: Summary) => [name, String(s.n), fmt(s.median, 2), fmt(s.p99, 2), fmt(s.max, 1)];
  print(
    table(
      ['call', 'n', 'median µs', 'p99 µs', 'max µs'],
      [row('CostSession.update(reading)', f.updateUs), row('CostSession.costDetails()', f.costDetailsUs), row('costBudget(36 EUR).remainingWh()', f.budgetUs),
        row('  maxCost never reached (7-day walk)', f.unreachableBudgetUs),
      ],
    ),
  );
  return f;
}

export async function runCostBench(print: (text: string) => void, sessions = Number(process.env.BENCH_COST_SESSIONS ?? 20)): Promise<CostBenchResult> {
  const overshoot = await maxCostOvershoot(sessions, print);
  print('');
  const update = updateCost(print);
  const r = (s: Summary, d = 3) => ({ ...s, mean: round(s.mean, d), median: round(s.median, d), p99: round(s.p99, d), min: round(s.min, d), max: round(s.max, d) });
  return {
    overshoot: {
      ...overshoot,
      billedOvershoot: r(overshoot.billedOvershoot, 4),
      exactOvershoot: r(overshoot.exactOvershoot, 5),
      exactOvershootWh: r(overshoot.exactOvershootWh, 2),
      simOvershootWh: r(overshoot.simOvershootWh, 2),
      pollStepWh: round(overshoot.pollStepWh, 3),
      pollStepCost: round(overshoot.pollStepCost, 5),
      wallS: round(overshoot.wallS, 1),
    },
    update: {
      ...update,
      updateUs: r(update.updateUs),
      costDetailsUs: r(update.costDetailsUs),
      budgetUs: r(update.budgetUs),
      unreachableBudgetUs: r(update.unreachableBudgetUs),
    },
  };
}

export const costBench: BenchModule = {
  id: 'cost',
  title: 'Tariffs: maxCost overshoot (20 sessions, 22 kW, 1 s poll) and the cost of one cost update (10-element tariff)',
  run: (print) => runCostBench(print),
};
