// Full-stack benchmark (issue #3): the real agent over OCPP/WebSocket and Modbus TCP: maxEnergy overshoot (new and old way), maxTime error, memory/CPU, boot time.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsmsSim } from '../simulators/csms/csms-server.js';
import type { MessageRecord, PrepaidPayment } from '../simulators/csms/csms-types.js';
import { StationRig } from '../simulators/station-rig.js';
import { spawnBenchAgent, writeBenchAgentConfig, type ChildAgent } from './agent-config.js';
import { prepaidSession, startFleet, type SessionResult } from './agent-fleet.js';
import { clkTck, sampleUsage, type UsageSamples } from './proc-usage.js';
import type { BenchModule } from './run-all.js';
import { fmt, formatMachine, machineInfo, mean, nowMs, round, sleep, summarize, table, type Summary } from './stats.js';

const POWER_W = 22_000;
const MS_PER_HOUR = 3_600_000;
/** 1000 EUR/kWh: 1 EUR buys exactly 1 Wh (the CSMS sells whole Wh), so every limit is an exact amount. */
const PRICE_PER_KWH = 1000;
/** The old way: MeterValues every TxUpdatedInterval s; the CSMS stops the session from them. */
const OLD_INTERVAL_S = 60;
/** Crossings of the old way fall uniformly over the first this-many seconds of the sample interval (see assumptions). */
const OLD_SPAN_S = 58;
const MAX_TIME_S = 4;
const USAGE_WINDOW_MS = 10_000;
const USAGE_SAMPLE_MS = 500;

export interface AgentBenchOptions {
  /** Concurrent sessions per configuration (default 20; env BENCH_AGENT_SESSIONS overrides). */
  sessions?: number;
  /** Sessions with a time limit (default 10). */
  timeSessions?: number;
  /** Agent starts measured for the boot time (default 5). */
  boots?: number;
}

interface EnergyFigures {
  how: string;
  meterPollMs: number;
  /** Energy between two looks at the meter by whoever decides: one agent meter poll, or one MeterValues sample interval for the old way, Wh. */
  decisionStepWh: number;
  limitsWh: number[];
  /** CSMS-received End - Begin minus the limit, Wh. */
  overshootWh: Summary;
  /** Simulator's counted energy minus the limit, Wh. */
  simOvershootWh: Summary;
  stoppedReasons: Record<string, number>;
  samplesWh: number[];
  wallS: number;
}

interface UsageFigures {
  phase: string;
  rssMiB: { mean: number; max: number };
  cpuPct: { mean: number; maxInterval: number };
  samples: number;
}

export interface AgentBenchResult {
  powerW: number;
  sessions: number;
  energy: EnergyFigures[];
  maxTime: { maxTimeS: number; sessions: number; endedErrorMs: Summary; contactsErrorMs: Summary; stoppedReasons: Record<string, number>; samplesMs: number[] };
  usage: { evses: number; meterPollMs: number; clkTck: number; phases: UsageFigures[] };
  boot: { runs: number; nodeBareMs: Summary; bootNotificationMs: Summary; bootAcceptedMs: Summary; allStatusMs: Summary };
}

function countReasons(results: SessionResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.stoppedReason ?? '(none)'] = (out[r.stoppedReason ?? '(none)'] ?? 0) + 1;
  return out;
}

const reasonsText = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** 20 concurrent prepaid sessions where the agent enforces the energy limit locally (limits 30 + k Wh). */
async function newWay(sessions: number, meterPollMs: number, timeSessions: number): Promise<{ energy: EnergyFigures; time?: SessionResult[] }> {
  const fleet = await startFleet({ prefix: `NEW${meterPollMs}`, count: sessions, meterPollMs, powerW: POWER_W, pricePerKwh: PRICE_PER_KWH });
  try {
    const t0 = nowMs();
    // whole Wh (the CSMS sells whole Wh); 30..49 Wh spans about 3 polls of 1 s (6.1 Wh each) or 12 of 250 ms
    const limits = fleet.stations.map((_, k) => 30 + k);
    const results = await Promise.all(fleet.stations.map((st, k) => prepaidSession(fleet, st, limits[k]!, `E${meterPollMs}-${k + 1}`, 30_000)));
    const wallS = (nowMs() - t0) / 1000;
    const over = results.map((r) => r.deliveredWh - r.limitWh);
    const energy: EnergyFigures = {
      how: `agent LimitEnforcer, meter poll ${meterPollMs} ms`,
      meterPollMs,
      decisionStepWh: (POWER_W * meterPollMs) / MS_PER_HOUR,
      limitsWh: limits,
      overshootWh: summarize(over),
      simOvershootWh: summarize(results.map((r) => r.simWh - r.limitWh)),
      stoppedReasons: countReasons(results),
      samplesWh: over.map((x) => round(x, 2)),
      wallS,
    };
    if (timeSessions <= 0) return { energy };
    // maxTime: the CSMS adds a time limit to the payment (a parking-time product); it goes out with maxEnergy in
    // the answer to the Started event. Energy paid for far more than the time allows.
    const onPayment = (p: PrepaidPayment) => {
      if (p.reference.startsWith('T')) p.maxTimeS = MAX_TIME_S;
    };
    fleet.csms.on('payment', onPayment);
    try {
      const time = await Promise.all(
        fleet.stations.slice(0, timeSessions).map((st, k) => prepaidSession(fleet, st, 1000, `T${meterPollMs}-${k + 1}`, MAX_TIME_S * 1000 + 15_000)),
      );
      return { energy, time };
    } finally {
      fleet.csms.off('payment', onPayment);
    }
  } finally {
    await fleet.close();
  }
}

/** The old way, in the same run: no limit sent; the CSMS sends RequestStopTransaction once a 60 s MeterValuePeriodic shows the paid energy. */
async function oldWay(sessions: number): Promise<EnergyFigures> {
  const meterPollMs = 1000;
  const fleet = await startFleet({
    prefix: 'OLD',
    count: sessions,
    meterPollMs,
    powerW: POWER_W,
    pricePerKwh: PRICE_PER_KWH,
    stopFromMeterValues: true,
    ocppDefaults: { 'SampledDataCtrlr.TxUpdatedInterval': OLD_INTERVAL_S },
  });
  try {
    const t0 = nowMs();
    // the crossing of session k at (k + 0.5)/n of the first OLD_SPAN_S seconds of charging
    const limits = fleet.stations.map((_, k) => Math.floor((POWER_W * ((k + 0.5) / sessions) * OLD_SPAN_S * 1000) / MS_PER_HOUR));
    const results: SessionResult[] = await Promise.all(
      fleet.stations.map((st, k) => prepaidSession(fleet, st, limits[k]!, `OLD-${k + 1}`, OLD_INTERVAL_S * 1000 + 20_000)),
    );
    const wallS = (nowMs() - t0) / 1000;
    const over = results.map((r) => r.deliveredWh - r.limitWh);
    return {
      how: `old way: CSMS stops from ${OLD_INTERVAL_S} s MeterValues (measured)`,
      meterPollMs,
      decisionStepWh: (POWER_W * OLD_INTERVAL_S * 1000) / MS_PER_HOUR,
      limitsWh: limits,
      overshootWh: summarize(over),
      simOvershootWh: summarize(results.map((r) => r.simWh - r.limitWh)),
      stoppedReasons: countReasons(results),
      samplesWh: over.map((x) => round(x, 1)),
      wallS,
    };
  } finally {
    await fleet.close();
  }
}

/** A rig with `evses` EVSEs and a CsmsSim accepting the given station ids, for agents run as child processes. */
async function childEnv(evses: number, ids: string[]) {
  const rig = new StationRig({ evses, ev: { maxPowerW: POWER_W, batteryWh: 1_000_000, initialSoc: 0.1 } });
  const csms = new CsmsSim({
    port: 0,
    pricePerKwh: PRICE_PER_KWH,
    currency: 'EUR',
    passwords: Object.fromEntries(ids.map((id) => [id, `bench-password-${id}`])),
    boot: { status: 'Accepted', interval: 300 },
  });
  const closers: (() => Promise<unknown>)[] = [() => csms.close(), () => rig.close()];
  const dirs: string[] = [];
  const children: ChildAgent[] = [];
  try {
    const modbusPort = await rig.serveTcp(0);
    const csmsPort = await csms.listen();
    const configFor = (id: string, meterPollMs: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'charger-agent-bench-'));
      dirs.push(dir);
      // log level info: what the service runs with (config/simulators.json)
      return writeBenchAgentConfig({ dir, stationId: id, password: `bench-password-${id}`, csmsPort, modbusPort, evses, meterPollMs, logLevel: 'info' });
    };
    const spawnAgent = (file: string) => {
      const a = spawnBenchAgent(file);
      children.push(a);
      return a;
    };
    const close = async () => {
      for (const c of children) await c.stop().catch(() => undefined);
      for (const c of closers) await c().catch(() => undefined);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    };
    return { rig, csms, configFor, spawnAgent, close };
  } catch (err) {
    for (const c of closers) await c().catch(() => undefined);
    throw err;
  }
}

function usageFigures(phase: string, s: UsageSamples): UsageFigures {
  return {
    phase,
    rssMiB: { mean: mean(s.rssMiB), max: Math.max(...s.rssMiB) },
    cpuPct: { mean: s.cpuPctOverall, maxInterval: Math.max(...s.cpuPct) },
    samples: s.rssMiB.length,
  };
}

/** The agent as its own process with 2 EVSEs: RSS and CPU idle (connected, no session) and with both EVSEs charging. */
async function resourceUsage(): Promise<AgentBenchResult['usage']> {
  const id = 'USAGE-01';
  const evses = 2;
  const meterPollMs = 1000;
  const env = await childEnv(evses, [id]);
  try {
    const agent = env.spawnAgent(env.configFor(id, meterPollMs));
    await env.csms.waitForBoot(id, 'Accepted', 20_000).catch((err: unknown) => {
      throw new Error(`the agent did not boot: ${err instanceof Error ? err.message : String(err)}\n${agent.output().slice(-2000)}`);
    });
    for (let e = 1; e <= evses; e++) await env.csms.waitForStatus(id, e, 1, 'Available', 10_000);
    await sleep(3000); // let start-up work (JIT, first polls) settle
    const idle = await sampleUsage(agent.pid, USAGE_WINDOW_MS, USAGE_SAMPLE_MS);
    for (let e = 1; e <= evses; e++) {
      const paid = await env.csms.pay({ stationId: id, evseId: e, amount: 100_000, method: 'card', reference: `U-${e}` });
      if (paid.status !== 'Accepted') throw new Error(`RequestStartTransaction on EVSE ${e} answered ${paid.status}`);
      env.rig.evse(e).ev.plug();
    }
    const deadline = Date.now() + 10_000;
    while (!env.rig.evses.every((e) => e.contactor.closed)) {
      if (Date.now() > deadline) throw new Error('both EVSEs did not start charging within 10 s');
      await sleep(20);
    }
    const charging = await sampleUsage(agent.pid, USAGE_WINDOW_MS, USAGE_SAMPLE_MS);
    if (!env.rig.evses.every((e) => e.contactor.closed)) throw new Error('a session ended during the measurement window');
    return { evses, meterPollMs, clkTck: clkTck(), phases: [usageFigures('idle (connected, no session)', idle), usageFigures(`session (${evses} EVSEs charging)`, charging)] };
  } finally {
    await env.close();
  }
}

/** `node -e ''`: the Node start-up alone, for comparison. */
function bareNodeMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(nowMs() - t0);
    });
  });
}

/** Spawn to BootNotification received, to its Accepted answer, and to every connector's StatusNotification. */
async function bootTimes(runs: number): Promise<AgentBenchResult['boot']> {
  const evses = 2;
  const ids = Array.from({ length: runs }, (_, i) => `BOOT-${i + 1}`);
  const env = await childEnv(evses, ids);
  try {
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) bare.push(await bareNodeMs());
    const boot: number[] = [];
    const accepted: number[] = [];
    const status: number[] = [];
    for (const id of ids) {
      const file = env.configFor(id, 1000);
      const seen: { boot?: number; accepted?: number; status?: number } = {};
      const reported = new Set<number>();
      let t0 = 0;
      const onMessage = (stationId: string, r: MessageRecord) => {
        if (stationId !== id) return;
        const t = nowMs() - t0;
        if (r.direction === 'in' && r.kind === 'CALL' && r.action === 'BootNotification') seen.boot ??= t;
        if (r.direction === 'out' && r.kind === 'CALLRESULT' && r.action === 'BootNotification' && r.payload.status === 'Accepted') seen.accepted ??= t;
        if (r.direction === 'in' && r.kind === 'CALL' && r.action === 'StatusNotification') {
          reported.add(Number(r.payload.evseId));
          if (reported.size === evses) seen.status ??= t;
        }
      };
      env.csms.on('message', onMessage);
      t0 = nowMs();
      const agent = env.spawnAgent(file);
      try {
        const deadline = Date.now() + 20_000;
        while (seen.status === undefined) {
          if (Date.now() > deadline) throw new Error(`agent ${id} did not boot and report its connectors within 20 s\n${agent.output().slice(-2000)}`);
          await sleep(5);
        }
      } finally {
        env.csms.off('message', onMessage);
      }
      await agent.stop();
      boot.push(seen.boot!);
      accepted.push(seen.accepted!);
      status.push(seen.status);
    }
    return { runs, nodeBareMs: summarize(bare), bootNotificationMs: summarize(boot), bootAcceptedMs: summarize(accepted), allStatusMs: summarize(status) };
  } finally {
    await env.close();
  }
}

export async function runAgentBench(print: (text: string) => void, o: AgentBenchOptions = {}): Promise<AgentBenchResult> {
  const envSessions = Number(process.env.BENCH_AGENT_SESSIONS);
  const sessions = o.sessions ?? (Number.isInteger(envSessions) && envSessions > 0 ? envSessions : 20);
  const timeSessions = Math.min(sessions, o.timeSessions ?? 10);
  const boots = o.boots ?? 5;
  print(formatMachine(machineInfo()));
  print(
    `Full stack: the real agent (startAgent, in-process, one per station) -> OCPP 2.1 over WebSocket -> CsmsSim; ` +
      `Modbus TCP -> one StationRig per station (sdm630 meter, coil contactor with feedback, 30 ms settle, EV at ${POWER_W / 1000} kW constant). ` +
      `${sessions} stations run their sessions concurrently in this process.`,
  );

  const energy: EnergyFigures[] = [];
  let time: SessionResult[] = [];
  for (const pollMs of [1000, 250]) {
    print(`... ${sessions} sessions, agent enforces maxEnergy, meter poll ${pollMs} ms${pollMs === 1000 ? `, then ${timeSessions} maxTime sessions` : ''}`);
    const r = await newWay(sessions, pollMs, pollMs === 1000 ? timeSessions : 0);
    energy.push(r.energy);
    if (r.time) time = r.time;
  }
  print(`... ${sessions} sessions, old way (CSMS stops from ${OLD_INTERVAL_S} s MeterValues): about ${OLD_INTERVAL_S + 5} s`);
  energy.push(await oldWay(sessions));
  print('... agent as a child process: memory and CPU, idle and charging');
  const usage = await resourceUsage();
  print(`... agent as a child process: ${boots} starts to BootNotification`);
  const boot = await bootTimes(boots);

  const endedErr = time.map((r) => r.endedAt - (r.startedAt + MAX_TIME_S * 1000));
  const contactsErr = time.map((r) => (r.contactsOpenAt ?? NaN) - (r.startedAt + MAX_TIME_S * 1000));
  const maxTime: AgentBenchResult['maxTime'] = {
    maxTimeS: MAX_TIME_S,
    sessions: time.length,
    endedErrorMs: summarize(endedErr),
    contactsErrorMs: summarize(contactsErr.filter(Number.isFinite)),
    stoppedReasons: countReasons(time),
    samplesMs: endedErr,
  };

  print(`\nmaxEnergy overshoot, Wh: Transaction.End - Transaction.Begin registers as the CSMS received them, minus the paid limit; ${sessions} sessions each at ${POWER_W / 1000} kW`);
  print(
    table(
      ['how the session is stopped', 'median', 'max', 'min', 'energy per poll/sample', 'sim truth median', 'sim truth max', 'limits Wh', 'wall s'],
      energy.map((e) => [
        e.how,
        fmt(e.overshootWh.median, 2),
        fmt(e.overshootWh.max, 2),
        fmt(e.overshootWh.min, 2),
        fmt(e.decisionStepWh, 2),
        fmt(e.simOvershootWh.median, 2),
        fmt(e.simOvershootWh.max, 2),
        `${Math.min(...e.limitsWh)}..${Math.max(...e.limitsWh)}`,
        fmt(e.wallS, 1),
      ]),
    ),
  );
  print(`stopped reasons: ${energy.map((e) => `${e.how}: ${reasonsText(e.stoppedReasons)}`).join('; ')}`);
  print(
    `\nmaxTime error, ms: Ended event timestamp - (Started timestamp + maxTime ${MAX_TIME_S} s), ${maxTime.sessions} concurrent sessions, meter poll 1000 ms`,
  );
  print(
    table(
      ['measured at', 'median', 'max', 'min'],
      [
        ['Ended event timestamp (agent)', fmt(maxTime.endedErrorMs.median, 1), fmt(maxTime.endedErrorMs.max, 1), fmt(maxTime.endedErrorMs.min, 1)],
        ['contacts open (rig)', fmt(maxTime.contactsErrorMs.median, 1), fmt(maxTime.contactsErrorMs.max, 1), fmt(maxTime.contactsErrorMs.min, 1)],
      ],
    ),
  );
  print(`stopped reasons: ${reasonsText(maxTime.stoppedReasons)}`);
  print(
    `\nagent process (node dist/agent/cli/main.js run, log level info, ${usage.evses} EVSEs, meter poll ${usage.meterPollMs} ms): ` +
      `/proc/<pid> every ${USAGE_SAMPLE_MS} ms for ${USAGE_WINDOW_MS / 1000} s per phase, CLK_TCK ${usage.clkTck}`,
  );
  print(
    table(
      ['phase', 'RSS MiB mean', 'RSS MiB max', 'CPU % of one core (mean)', `CPU % max ${USAGE_SAMPLE_MS} ms`],
      usage.phases.map((p) => [p.phase, fmt(p.rssMiB.mean, 1), fmt(p.rssMiB.max, 1), fmt(p.cpuPct.mean, 2), fmt(p.cpuPct.maxInterval, 1)]),
    ),
  );
  print(`\nstart to BootNotification, ms from spawn (fresh data dir each, ${usage.evses} EVSEs; includes Node start-up and module loading), ${boot.runs} starts`);
  print(
    table(
      ['from spawn to', 'median', 'max', 'min'],
      [
        ['BootNotification received by the CSMS', fmt(boot.bootNotificationMs.median, 0), fmt(boot.bootNotificationMs.max, 0), fmt(boot.bootNotificationMs.min, 0)],
        ['BootNotification answered Accepted', fmt(boot.bootAcceptedMs.median, 0), fmt(boot.bootAcceptedMs.max, 0), fmt(boot.bootAcceptedMs.min, 0)],
        [`StatusNotification of all ${usage.evses} connectors`, fmt(boot.allStatusMs.median, 0), fmt(boot.allStatusMs.max, 0), fmt(boot.allStatusMs.min, 0)],
        ["for comparison: node -e '' (exit)", fmt(boot.nodeBareMs.median, 0), fmt(boot.nodeBareMs.max, 0), fmt(boot.nodeBareMs.min, 0)],
      ],
    ),
  );
  print(
    [
      '\nassumptions:',
      `- The CSMS sells whole Wh (it floors paid/price); price ${PRICE_PER_KWH} EUR/kWh so 1 EUR buys exactly 1 Wh. New way: limits 30 + k Wh, k = 0..${sessions - 1}; the sessions start`,
      `  together, so the crossing falls at a different phase of each meter poll. The agent gets the limit in the answer to its Started event (payment first, then plug-in).`,
      `- Old way: the CSMS sends no limit; SampledDataCtrlr.TxUpdatedInterval ${OLD_INTERVAL_S} s, meter poll 1000 ms; limits floor(22 kW x (k + 0.5)/${sessions} x ${OLD_SPAN_S} s) so the`,
      `  crossings spread over the interval (${OLD_SPAN_S} s, not ${OLD_INTERVAL_S}: every one must show in the first periodic sample, whose reading is up to one poll old, or the run takes 60 s more).`,
      `- Overshoot from the registers the CSMS received (0.1 Wh in the MeterValue; the sdm630 float32 kWh register near 1234.6 kWh resolves ~0.12 Wh);`,
      `  "sim truth" = energy the simulated meter counted between the payment and the Ended event, minus the limit.`,
      `- ${sessions} agents, ${sessions} rigs and the CSMS share one Node event loop here: timer lateness under that load is included (a real controller runs one agent).`,
      `- maxTime counts from the transaction start (the Started timestamp); the Ended timestamp follows the contacts opening and a final meter read.`,
      `- Memory/CPU: the agent's own process only (the rig and the CSMS run in the bench process). CPU % = (utime + stime ticks) / CLK_TCK / wall time.`,
    ].join('\n'),
  );
  const result: AgentBenchResult = { powerW: POWER_W, sessions, energy, maxTime, usage, boot };
  // rounded for the JSON report (no 15-digit float noise)
  return JSON.parse(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v))) as AgentBenchResult;
}

export const agentSession: BenchModule = {
  id: 'agent',
  title: 'Full stack: the agent over OCPP and Modbus: limit overshoot (new vs old way), maxTime error, memory/CPU, boot time',
  run: (print) => runAgentBench(print),
};
