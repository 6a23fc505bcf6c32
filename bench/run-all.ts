// Runs every benchmark module in sequence, prints its figures and writes them to reports/bench-<id>.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../hal/package-root.js';
import { agentSession } from './agent-session.js';
import { costBench } from './cost.js';
import { displayLatency } from './display-latency.js';
import { paymentsQr } from './payments-qr.js';
import { halMeterRead } from './hal-meter-read.js';
import { run as runLimitBench } from './limit-overshoot.js';
import { formatMachine, heading, machineInfo, nowMs } from './stats.js';

/** One benchmark: prints its tables through `print` and resolves with the figures for its JSON report. */
export interface BenchModule {
  /** Short name: selects the module on the command line and names reports/bench-<id>.json. */
  id: string;
  title: string;
  run(print: (text: string) => void): Promise<object>;
}

/** Every benchmark, in the order they run. Add new modules here. */
const limitOvershoot: BenchModule = {
  id: 'limits',
  title: 'Local transaction limits: maxEnergy overshoot and maxTime error',
  run: async () => runLimitBench(),
};

export const BENCHES: readonly BenchModule[] = [halMeterRead, limitOvershoot, agentSession, paymentsQr, displayLatency, costBench];

/** The whole run must end within this, or the process exits with an error (a benchmark never hangs CI). */
const WATCHDOG_MS = 10 * 60_000;

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((id) => !BENCHES.some((b) => b.id === id));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.id).join(', ')}`);
    return 2;
  }
  const selected = argv.length > 0 ? BENCHES.filter((b) => argv.includes(b.id)) : BENCHES;
  const machine = machineInfo();
  console.log(formatMachine(machine));
  const dir = join(packageRoot(), 'reports');
  mkdirSync(dir, { recursive: true });
  let failures = 0;
  for (const bench of selected) {
    console.log(`\n${heading(`[${bench.id}] ${bench.title}`)}\n`);
    const t0 = nowMs();
    try {
      const figures = await bench.run((text) => console.log(text));
      const seconds = (nowMs() - t0) / 1000;
      const file = join(dir, `bench-${bench.id}.json`);
      const report = { bench: bench.id, title: bench.title, date: new Date().toISOString(), machine, durationS: Math.round(seconds * 10) / 10, figures };
      writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
      console.log(`\n[${bench.id}] done in ${seconds.toFixed(1)} s; figures written to ${file}`);
    } catch (err) {
      failures++;
      console.error(`\n[${bench.id}] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  return failures > 0 ? 1 : 0;
}

const watchdog = setTimeout(() => {
  console.error(`benchmarks did not finish within ${WATCHDOG_MS / 1000} s; exiting`);
  process.exit(3);
}, WATCHDOG_MS);

main(process.argv.slice(2))
  .then((code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
    // Everything is closed by now; if a handle was leaked anyway, do not hang.
    setTimeout(() => {
      console.error('benchmarks finished but handles are still open; exiting');
      process.exit(code);
    }, 2000).unref();
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
