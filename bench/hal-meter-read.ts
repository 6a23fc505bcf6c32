// Benchmark of the hardware layer: meter read latency (TCP, RTU), RTU wire time, reads/s per RTU bus, a contactor command behind a failing meter.

import type { ModbusClient } from '../hal/modbus/client.js';
import { DEFAULT_TIMING, type TransportTiming } from '../hal/modbus/client.js';
import { RtuClient } from '../hal/modbus/rtu-client.js';
import { frameWireTimeMs, interFrameSilenceMs, type SerialSettings } from '../hal/modbus/rtu-timing.js';
import { TcpClient } from '../hal/modbus/tcp-client.js';
import { listBuiltinMaps, loadMeterMap, type MeterMap } from '../hal/meter/register-map.js';
import { planSpans, RegisterMapMeterSource } from '../hal/meter/register-map-meter.js';
import { MeterSim } from '../simulators/meter/meter-sim.js';
import { DeviceSet } from '../simulators/modbus/device-set.js';
import { openPtyPair, type PtyPair } from '../simulators/modbus/pty-pair.js';
import { ModbusRtuSlave } from '../simulators/modbus/rtu-slave.js';
import { StationRig } from '../simulators/station-rig.js';
import type { BenchModule } from './run-all.js';
import { fmt, heading, nowMs, round, sleep, summarize, table, type Summary } from './stats.js';

/** How much work each part does; every loop below is bounded by these. */
export interface HalBenchConfig {
  tcpReads: number;
  rtuReads: number;
  warmupReads: number;
  /** Baud rate the pty pair is opened at (a pty does not pace bytes; the RtuClient's t3.5 silence depends on it). */
  rtuBaud: number;
  /** Device counts for the bus throughput rows. */
  busDevices: number[];
  busWarmupMs: number;
  busWindowMs: number;
  /** Healthy devices beside one dead one, and the RTU timings to try the dead-device row with. */
  deadRowHealthy: number;
  deadRowTimings: { timing: TransportTiming; windowMs: number }[];
  /** Assumed slave turnaround per request, ms (time between the end of the request's t3.5 and the reply's first byte). */
  assumedTurnaroundMs: number;
  /** Meter model polled in the bus throughput rows. */
  busModel: string;
  /** Contactor commands timed while the meter on the same bus is retrying a request it gets no answer to. */
  urgentTrials: number;
}

export const DEFAULT_HAL_BENCH: HalBenchConfig = {
  tcpReads: 500,
  rtuReads: 300,
  warmupReads: 50,
  rtuBaud: 115200,
  busDevices: [1, 4, 8],
  busWarmupMs: 500,
  busWindowMs: 3000,
  deadRowHealthy: 4,
  deadRowTimings: [
    { timing: { timeoutMs: 100, retries: 1 }, windowMs: 3000 },
    { timing: DEFAULT_TIMING, windowMs: 6000 },
  ],
  assumedTurnaroundMs: 5,
  busModel: 'sdm630',
  urgentTrials: 8,
};

const LINES: { label: string; s: SerialSettings }[] = [
  { label: '9600 8N1', s: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } },
  { label: '9600 8E1', s: { baudRate: 9600, dataBits: 8, parity: 'even', stopBits: 1 } },
  { label: '19200 8E1', s: { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 } },
  { label: '115200 8N1', s: { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 } },
];
const BUS_LINES = LINES.filter((l) => l.label === '9600 8N1' || l.label === '115200 8N1');

/** RTU read request: unit + fc + address(2) + count(2) + CRC(2). */
const REQUEST_FRAME_BYTES = 8;
/** RTU read-registers response: unit + fc + byte count + 2 per register + CRC(2). */
const responseFrameBytes = (registers: number) => 5 + 2 * registers;

// ---------------------------------------------------------------- wire time (computed)

export interface WireFigures {
  model: string;
  requestsPerRead: number;
  registersPerRead: number;
  /** Request plus response bytes of one complete read. */
  bytesPerRead: number;
  perLine: {
    line: string;
    /** Bytes on the line plus the t3.5 silence after every frame, no slave turnaround, ms. */
    lineMsPerRead: number;
    /** lineMsPerRead plus the assumed turnaround per request, ms. */
    withTurnaroundMsPerRead: number;
    maxReadsPerSec: number;
    maxReadsPerSecWithTurnaround: number;
  }[];
}

function wireFigures(map: MeterMap, turnaroundMs: number): WireFigures {
  const spans = planSpans(map.entries);
  const registers = spans.reduce((n, s) => n + s.count, 0);
  const bytes = spans.reduce((n, s) => n + REQUEST_FRAME_BYTES + responseFrameBytes(s.count), 0);
  return {
    model: map.model,
    requestsPerRead: spans.length,
    registersPerRead: registers,
    bytesPerRead: bytes,
    perLine: LINES.map(({ label, s }) => {
      const lineMs = spans.reduce((t, sp) => t + frameWireTimeMs(REQUEST_FRAME_BYTES, s) + frameWireTimeMs(responseFrameBytes(sp.count), s), 0);
      const withTa = lineMs + spans.length * turnaroundMs;
      return {
        line: label,
        lineMsPerRead: round(lineMs),
        withTurnaroundMsPerRead: round(withTa),
        maxReadsPerSec: round(1000 / lineMs, 2),
        maxReadsPerSecWithTurnaround: round(1000 / withTa, 2),
      };
    }),
  };
}

// ---------------------------------------------------------------- read latency (measured)

export interface LatencyFigures {
  transport: 'tcp' | 'rtu-pty';
  model: string;
  requestsPerRead: number;
  reads: number;
  /** One complete RegisterMapMeterSource.readOnce, ms. */
  readMs: Summary;
  /** Requests the simulator served during the measured reads, divided by the reads (checks requestsPerRead). */
  servedRequestsPerRead: number;
}

async function measureLatency(transport: 'tcp' | 'rtu', model: string, c: HalBenchConfig): Promise<LatencyFigures> {
  const rig = new StationRig({ meterModel: model });
  let pty: PtyPair | undefined;
  let client: ModbusClient | undefined;
  try {
    if (transport === 'tcp') {
      const port = await rig.serveTcp(0);
      client = TcpClient.withDefaults('127.0.0.1', port);
    } else {
      pty = await openPtyPair();
      await rig.serveRtu(pty.simPath, c.rtuBaud);
      client = RtuClient.withDefaults(pty.agentPath, { baudRate: c.rtuBaud });
    }
    const unit = rig.evse(1).units.meter;
    const source = new RegisterMapMeterSource(client, unit, loadMeterMap(model));
    const first = await source.readOnce();
    const expectedWh = rig.evse(1).meter.state.energyImportWh;
    if (Math.abs(first.energyImportWh - expectedWh) > 100) {
      throw new Error(`${model} over ${transport}: read ${first.energyImportWh} Wh, the simulator holds ${expectedWh} Wh`);
    }
    for (let i = 0; i < c.warmupReads; i++) await source.readOnce();
    const n = transport === 'tcp' ? c.tcpReads : c.rtuReads;
    const servedBefore = rig.devices.requests.get(unit) ?? 0;
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = nowMs();
      await source.readOnce();
      samples.push(nowMs() - t0);
    }
    const served = (rig.devices.requests.get(unit) ?? 0) - servedBefore;
    return {
      transport: transport === 'tcp' ? 'tcp' : 'rtu-pty',
      model,
      requestsPerRead: source.requestsPerRead,
      reads: n,
      readMs: roundSummary(summarize(samples)),
      servedRequestsPerRead: round(served / n, 3),
    };
  } finally {
    await client?.close();
    await rig.close();
    await pty?.close();
  }
}

function roundSummary(s: Summary): Summary {
  return { n: s.n, mean: round(s.mean), median: round(s.median), p99: round(s.p99), min: round(s.min), max: round(s.max) };
}

// ---------------------------------------------------------------- RTU bus throughput (measured)

export interface BusFigures {
  healthyDevices: number;
  deadDevices: number;
  timing: TransportTiming;
  windowMs: number;
  /** Complete reads per second summed over the healthy devices. */
  totalReadsPerSec: number;
  minDeviceReadsPerSec: number;
  maxDeviceReadsPerSec: number;
  /** Failed reads of healthy devices in the window (should be 0). */
  healthyErrors: number;
  /** Failed reads of the dead device per second (each is one timeout once it is marked failing). */
  deadFailuresPerSec: number;
  /** The same bus on a real line at this speed: healthy reads/s per device, no turnaround (upper bound). */
  wireBoundPerDevice: { line: string; readsPerSec: number }[];
}

/** Polls `healthy` meters (units 1..healthy) and `dead` silent ones back-to-back on one RtuClient for a fixed window. */
async function measureBus(healthy: number, dead: number, timing: TransportTiming, windowMs: number, c: HalBenchConfig): Promise<BusFigures> {
  const devices = new DeviceSet();
  const units: number[] = [];
  for (let u = 1; u <= healthy + dead; u++) {
    devices.add(u, new MeterSim({ model: c.busModel, initialEnergyWh: 1_000_000 * u }).bank);
    if (u > healthy) devices.setFault(u, { kind: 'no-answer' });
    units.push(u);
  }
  const map = loadMeterMap(c.busModel);
  const pty = await openPtyPair();
  const slave = new ModbusRtuSlave(devices, pty.simPath, c.rtuBaud);
  const client = RtuClient.withDefaults(pty.agentPath, { baudRate: c.rtuBaud, ...timing });
  try {
    await slave.open();
    const ok = new Map<number, number>(units.map((u) => [u, 0]));
    const failed = new Map<number, number>(units.map((u) => [u, 0]));
    let stop = false;
    const poll = async (unit: number) => {
      const source = new RegisterMapMeterSource(client, unit, map);
      while (!stop) {
        try {
          await source.readOnce();
          ok.set(unit, ok.get(unit)! + 1);
        } catch {
          failed.set(unit, failed.get(unit)! + 1);
        }
      }
    };
    const loops = units.map((u) => poll(u));
    // Warm-up; with a dead device, until it has failed twice (the client then gives it one attempt per turn, no retries).
    const warmDeadline = nowMs() + c.busWarmupMs + (dead > 0 ? 4 * timing.timeoutMs * (1 + timing.retries) : 0);
    await sleep(c.busWarmupMs);
    while (dead > 0 && units.slice(healthy).some((u) => failed.get(u)! < 2) && nowMs() < warmDeadline) await sleep(10);
    const okStart = new Map(ok);
    const failStart = new Map(failed);
    const t0 = nowMs();
    await sleep(windowMs);
    const seconds = (nowMs() - t0) / 1000;
    const okCounts = units.slice(0, healthy).map((u) => ok.get(u)! - okStart.get(u)!);
    const healthyErrors = units.slice(0, healthy).reduce((n, u) => n + failed.get(u)! - failStart.get(u)!, 0);
    const deadFailures = units.slice(healthy).reduce((n, u) => n + failed.get(u)! - failStart.get(u)!, 0);
    stop = true;
    await Promise.all(loops); // each loop ends after its current read, which is bounded by the client's timeout
    const wire = wireFigures(map, 0);
    const requests = wire.requestsPerRead;
    return {
      healthyDevices: healthy,
      deadDevices: dead,
      timing,
      windowMs: Math.round(seconds * 1000),
      totalReadsPerSec: round(okCounts.reduce((a, b) => a + b, 0) / seconds, 1),
      minDeviceReadsPerSec: round(Math.min(...okCounts) / seconds, 1),
      maxDeviceReadsPerSec: round(Math.max(...okCounts) / seconds, 1),
      healthyErrors,
      deadFailuresPerSec: round(deadFailures / seconds, 2),
      wireBoundPerDevice: BUS_LINES.map(({ label }) => {
        const lineMs = wire.perLine.find((p) => p.line === label)!.lineMsPerRead;
        // Per `requests` fair-queue rounds every healthy device completes one read and every dead one costs one timeout.
        const roundsMs = healthy * lineMs + dead * requests * timing.timeoutMs;
        return { line: label, readsPerSec: round(1000 / roundsMs, 2) };
      }),
    };
  } finally {
    await client.close();
    await slave.close();
    await pty.close();
  }
}

// ---------------------------------------------------------------- contactor command behind a failing meter (measured)

export interface UrgentFigures {
  transport: 'tcp' | 'rtu-pty';
  timing: TransportTiming;
  trials: number;
  /** From the contactor's coil write being submitted to the module's echo, ms. */
  commandMs: Summary;
  /** What the command would wait without priority in the worst case: every attempt of the meter's request, ms. */
  withoutPriorityWorstMs: number;
}

/**
 * Each trial: the meter (unit 1) answers once, then goes silent; a meter read starts (it will make
 * 1 + retries attempts), and at a spread offset into it the contactor's coil (unit 11) is written.
 */
async function measureUrgent(transport: 'tcp' | 'rtu', c: HalBenchConfig): Promise<UrgentFigures> {
  const timing = { ...DEFAULT_TIMING };
  const rig = new StationRig({ meterModel: c.busModel, contactorSettleMs: 0 });
  let pty: PtyPair | undefined;
  let client: ModbusClient | undefined;
  try {
    if (transport === 'tcp') {
      client = TcpClient.withDefaults('127.0.0.1', await rig.serveTcp(0), timing);
    } else {
      pty = await openPtyPair();
      await rig.serveRtu(pty.simPath, c.rtuBaud);
      client = RtuClient.withDefaults(pty.agentPath, { baudRate: c.rtuBaud, ...timing });
    }
    const { meter, contactor } = rig.evse(1).units;
    const samples: number[] = [];
    const meterRequestMs = timing.timeoutMs * (1 + timing.retries);
    for (let i = 0; i < c.urgentTrials; i++) {
      rig.devices.setFault(meter, { kind: 'none' });
      await client.readRegisters(meter, 4, 0, 2); // answered: the client gives the meter its full retries again
      rig.devices.setFault(meter, { kind: 'no-answer' });
      const failing = client.readRegisters(meter, 4, 0, 2).catch(() => undefined);
      await sleep(10 + Math.round(((i + 0.5) / c.urgentTrials) * (meterRequestMs - 20))); // spread over the meter's attempts
      const t0 = nowMs();
      await client.writeCoil(contactor, 0, i % 2 === 0);
      samples.push(nowMs() - t0);
      await failing;
    }
    rig.devices.setFault(meter, { kind: 'none' });
    return {
      transport: transport === 'tcp' ? 'tcp' : 'rtu-pty',
      timing,
      trials: c.urgentTrials,
      commandMs: roundSummary(summarize(samples)),
      withoutPriorityWorstMs: meterRequestMs,
    };
  } finally {
    await client?.close();
    await rig.close();
    await pty?.close();
  }
}

// ---------------------------------------------------------------- the module

export interface HalBenchReport {
  config: HalBenchConfig;
  assumptions: string[];
  readLatency: LatencyFigures[];
  /** What the RtuClient's pre-request wait actually costs here: setTimeout(ceil(t3.5)) measured, ms. */
  silenceWaitMs: Summary;
  wire: WireFigures[];
  bus: BusFigures[];
  busWithDeadDevice: BusFigures[];
  urgent: UrgentFigures[];
}

export async function runHalBench(print: (text: string) => void, c: HalBenchConfig = DEFAULT_HAL_BENCH): Promise<HalBenchReport> {
  const models = listBuiltinMaps();
  const ptySilence = interFrameSilenceMs({ baudRate: c.rtuBaud, dataBits: 8, parity: 'none', stopBits: 1 });
  const assumptions = [
    `RTU over a socat pty pair opened at ${c.rtuBaud} baud: the pty does not pace bytes, so RTU figures are the software's own cost ` +
      `(driver, simulator, kernel pty, event loop), including the RtuClient's t3.5 wait of ${ptySilence} ms before each request (a setTimeout, so >= ${Math.ceil(ptySilence)} ms).`,
    'Simulated slaves answer immediately (no turnaround); TCP is loopback 127.0.0.1 with Nagle off on the server.',
    `Wire time = request and response bytes at (1 start + 8 data + parity + stop bits) per byte, plus the t3.5 silence after every frame ` +
      `(3.5 character times, fixed 1.75 ms above 19200 baud). Request 8 bytes; response 5 + 2 x registers bytes.`,
    `Slave turnaround is not on the line: figures "line only" assume 0 ms (an upper bound on reads/s); "+turnaround" assume ${c.assumedTurnaroundMs} ms per request (an assumption, not a datasheet value).`,
    'Bus pollers read back-to-back (no poll interval): the worst case for fairness and for the cost of a dead device.',
  ];

  // 1. latency
  print(heading('Meter read latency (one complete RegisterMapMeterSource.readOnce)'));
  const readLatency: LatencyFigures[] = [];
  for (const model of models) {
    for (const transport of ['tcp', 'rtu'] as const) readLatency.push(await measureLatency(transport, model, c));
  }
  print(
    table(
      ['transport', 'map', 'req/read', 'reads', 'median ms', 'p99 ms', 'mean ms', 'max ms', 'median ms/req'],
      readLatency.map((r) => [
        r.transport === 'tcp' ? 'TCP loopback' : `RTU pty @${c.rtuBaud}`,
        r.model,
        String(r.requestsPerRead),
        String(r.reads),
        fmt(r.readMs.median, 3),
        fmt(r.readMs.p99, 3),
        fmt(r.readMs.mean, 3),
        fmt(r.readMs.max, 3),
        fmt(r.readMs.median / r.requestsPerRead, 3),
      ]),
      ['left', 'left'],
    ),
  );
  const waits: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = nowMs();
    await sleep(Math.ceil(ptySilence));
    waits.push(nowMs() - t0);
  }
  const silenceWaitMs = roundSummary(summarize(waits));
  print(`(${c.warmupReads} warm-up reads first; served requests per read checked: ${readLatency.map((r) => r.servedRequestsPerRead).join(', ')})`);
  print(
    `(of each RTU request's cost, the t3.5 wait is setTimeout(${Math.ceil(ptySilence)} ms), measured here: median ${fmt(silenceWaitMs.median, 3)} ms, ` +
      `p99 ${fmt(silenceWaitMs.p99, 3)} ms)\n`,
  );

  // 2. wire time
  const wire = models.map((m) => wireFigures(loadMeterMap(m), c.assumedTurnaroundMs));
  print(heading('RTU wire time per read (computed from the frames each map needs)'));
  print(
    table(
      ['map', 'frames/read', 'registers', 'bytes/read', ...LINES.map((l) => `${l.label} ms`)],
      wire.map((w) => [w.model, String(2 * w.requestsPerRead), String(w.registersPerRead), String(w.bytesPerRead), ...w.perLine.map((p) => fmt(p.lineMsPerRead, 2))]),
      ['left'],
    ),
  );
  print('');
  print(`Max reads/s per bus (one meter read after another; line only / +${c.assumedTurnaroundMs} ms turnaround per request)`);
  print(
    table(
      ['map', ...LINES.map((l) => `${l.label} reads/s`)],
      wire.map((w) => [w.model, ...w.perLine.map((p) => `${fmt(p.maxReadsPerSec, 1)} / ${fmt(p.maxReadsPerSecWithTurnaround, 1)}`)]),
      ['left'],
    ),
  );
  print('');

  // 3. bus throughput
  print(heading(`RTU bus throughput: one RtuClient, ${c.busModel} meters polled back-to-back, pty @${c.rtuBaud}`));
  print('(software-bound: the pty does not pace bytes; the wire-bound columns are what a real line of that speed allows, turnaround 0)');
  const bus: BusFigures[] = [];
  for (const n of c.busDevices) bus.push(await measureBus(n, 0, { ...DEFAULT_TIMING }, c.busWindowMs, c));
  const busWithDeadDevice: BusFigures[] = [];
  for (const { timing, windowMs } of c.deadRowTimings) busWithDeadDevice.push(await measureBus(c.deadRowHealthy, 1, timing, windowMs, c));
  print(
    table(
      ['devices', 'timeout ms', 'window s', 'total reads/s', 'per device min', 'per device max', 'errors', ...BUS_LINES.map((l) => `wire ${l.label} /dev`)],
      [...bus, ...busWithDeadDevice].map((b) => [
        b.deadDevices > 0 ? `${b.healthyDevices} + ${b.deadDevices} dead` : String(b.healthyDevices),
        String(b.timing.timeoutMs),
        fmt(b.windowMs / 1000, 1),
        fmt(b.totalReadsPerSec, 1),
        fmt(b.minDeviceReadsPerSec, 1),
        fmt(b.maxDeviceReadsPerSec, 1),
        String(b.healthyErrors),
        ...b.wireBoundPerDevice.map((w) => fmt(w.readsPerSec, 2)),
      ]),
      ['left'],
    ),
  );
  print(
    `(reads/s are complete ${c.busModel} reads of healthy devices; "errors" = failed healthy reads in the window; ` +
      `dead-device rows: the dead unit failed ${busWithDeadDevice.map((b) => `${fmt(b.deadFailuresPerSec, 1)}/s at ${b.timing.timeoutMs} ms`).join(', ')})`,
  );
  print('');

  // 4. contactor command behind a failing meter
  print(heading('Contactor command on a bus whose meter just stopped answering'));
  const urgent: UrgentFigures[] = [];
  for (const transport of ['tcp', 'rtu'] as const) urgent.push(await measureUrgent(transport, c));
  print(
    table(
      ['transport', 'timeout ms', 'retries', 'trials', 'median ms', 'max ms', 'without priority, worst ms'],
      urgent.map((u) => [
        u.transport === 'tcp' ? 'TCP loopback' : `RTU pty @${c.rtuBaud}`,
        String(u.timing.timeoutMs),
        String(u.timing.retries),
        String(u.trials),
        fmt(u.commandMs.median, 1),
        fmt(u.commandMs.max, 1),
        fmt(u.withoutPriorityWorstMs, 0),
      ]),
      ['left'],
    ),
  );
  print("(coil write submitted at offsets spread over the meter's failing request; writes jump the queue and run between its attempts, so the bound is one attempt's timeout)");
  print('');
  print('Assumptions');
  for (const a of assumptions) print(`- ${a}`);
  return { config: c, assumptions, readLatency, silenceWaitMs, wire, bus, busWithDeadDevice, urgent };
}

export const halMeterRead: BenchModule = {
  id: 'hal',
  title: 'Hardware layer: meter reads over Modbus TCP and RTU',
  run: (print) => runHalBench(print),
};
