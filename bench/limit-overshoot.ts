// Benchmark: how exactly a local LimitEnforcer stops at maxEnergy / maxTime on the station rig, against the CSMS stopping from 60 s MeterValues.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LimitEnforcer } from '../agent/core/limits/limit-enforcer.js';
import { ModbusCoilContactor } from '../hal/contactor/modbus-coil-contactor.js';
import { PolledMeter } from '../hal/meter/polled-meter.js';
import { loadMeterMap } from '../hal/meter/register-map.js';
import { RegisterMapMeterSource } from '../hal/meter/register-map-meter.js';
import { TcpClient } from '../hal/modbus/tcp-client.js';
import { StationRig, rigUnits } from '../simulators/station-rig.js';
import { fmt, formatMachine, heading, machineInfo, round, sleep, summarize, table, type MachineInfo, type Summary } from './stats.js';

export interface LimitBenchOptions {
  /** Sessions per configuration (default 20). */
  sessions?: number;
  /** EV power, W (default 22 kW). */
  powerW?: number;
  /** Meter poll intervals to measure, ms (default 1000 and 250). */
  pollsMs?: number[];
  /** Poll intervals measured again with openLatencyMs set to the latency measured so far (default [250]). */
  compensatedPollsMs?: number[];
  /** The old way: the MeterValues sample interval the CSMS decides from, s (default 60). */
  csmsSampleIntervalS?: number;
  /** The old way: MeterValues up + RequestStopTransaction down + processing, ms (default 500, an assumption). */
  csmsRoundTripMs?: number;
  /** Where to write the JSON report (default reports/bench-limits.json in the package). */
  reportPath?: string;
}

export interface LimitBenchResult {
  machine: MachineInfo;
  powerW: number;
  sessions: number;
  /** Decision (onReached) to contacts open on the rig, ms: Modbus coil write + contactor settle. */
  openLatencyMs: Summary;
  energy: { pollMs: number; openLatencyMs: number; pollEnergyWh: number; overshootWh: Summary; simOvershootWh: Summary; samplesWh: number[] }[];
  oldWay: { sampleIntervalS: number; roundTripMs: number; measuredPowerW: number; overshootWh: Summary; samplesWh: number[] };
  maxTime: { errorMs: Summary; confirmedErrorMs: Summary; samplesMs: number[] };
  goals: { energyMedianWithin1Wh: boolean; energyMaxWithinOnePoll: boolean; maxTimeWithin100ms: boolean };
}

const EVSE = 1;
const MS_PER_HOUR = 3_600_000;

/** A session on the rig: contacts closed under a LimitEnforcer until it fires and the contactor has opened. */
interface Session {
  startEnergyWh: number;
  simStartWh: number;
  startedAt: number;
  decidedAt: number;
  contactsOpenAt: number;
  confirmedOpenAt: number;
  endEnergyWh: number;
  simEndWh: number;
  powersW: number[];
}

export async function run(o: LimitBenchOptions = {}): Promise<LimitBenchResult> {
  const sessions = o.sessions ?? 20;
  const powerW = o.powerW ?? 22_000;
  const pollsMs = o.pollsMs ?? [1000, 250];
  const compensatedPollsMs = o.compensatedPollsMs ?? [250];
  const sampleIntervalS = o.csmsSampleIntervalS ?? 60;
  const roundTripMs = o.csmsRoundTripMs ?? 500;
  const reportPath = o.reportPath ?? fileURLToPath(new URL('../../reports/bench-limits.json', import.meta.url));

  // a big battery far from its taper: constant power for the whole run
  const rig = new StationRig({ ev: { maxPowerW: powerW, batteryWh: 1_000_000, initialSoc: 0.1 } });
  const port = await rig.serveTcp(0);
  const client = TcpClient.withDefaults('127.0.0.1', port); // production timing
  const evse = rig.evse(EVSE);
  const units = rigUnits(EVSE);
  evse.ev.plug();
  let contactsOpenAt = 0;
  const rigHook = evse.contactor.onContacts;
  evse.contactor.onContacts = (closed) => {
    rigHook?.(closed);
    if (!closed) contactsOpenAt = Date.now();
  };
  const contactor = new ModbusCoilContactor('contactor-1', client, {
    unit: units.contactor,
    coil: evse.contactor.coil,
    feedback: { function: 2, address: evse.contactor.feedbackInput, inverted: false },
    feedbackTimeoutMs: 500,
    faultAfterFailures: 3,
  });
  const simEnergyWh = () => {
    evse.meter.sync();
    return evse.meter.state.energyImportWh;
  };

  /** One session: the given limits, meter polled every `pollMs`, contactor opened when the enforcer fires. */
  const session = async (
    meter: PolledMeter,
    pollMs: number,
    limits: { maxEnergyWh?: number; maxTimeS?: number },
    openLatencyMs = 0,
  ): Promise<Session> => {
    const start = await meter.read();
    const simStartWh = simEnergyWh();
    await contactor.close();
    const startedAt = Date.now();
    const powersW: number[] = [];
    const onReading = (r: { powerW: number }) => void (r.powerW > 0 && powersW.push(r.powerW));
    meter.on('reading', onReading);
    let decidedAt = 0;
    let opened: Promise<number> | undefined;
    const enforcer = new LimitEnforcer({
      meter,
      startEnergyWh: start.energyImportWh,
      startedAt,
      limits,
      openLatencyMs,
      onReached: () => {
        decidedAt = Date.now();
        opened = contactor.open().then(() => Date.now());
      },
    });
    meter.start(pollMs);
    const expectedMs = Math.min(
      limits.maxEnergyWh !== undefined ? (limits.maxEnergyWh / powerW) * MS_PER_HOUR : Infinity,
      limits.maxTimeS !== undefined ? limits.maxTimeS * 1000 : Infinity,
    );
    const deadline = Date.now() + expectedMs + 5_000;
    while (!opened && Date.now() < deadline) await sleep(5);
    meter.stop();
    meter.off('reading', onReading);
    enforcer.stop();
    if (!opened) {
      await contactor.open();
      throw new Error(`limit ${JSON.stringify(limits)} did not fire within ${expectedMs + 5_000} ms`);
    }
    const confirmedOpenAt = await opened;
    await sleep(50); // let the contacts settle before the closing read
    const end = await meter.read();
    return {
      startEnergyWh: start.energyImportWh,
      simStartWh,
      startedAt,
      decidedAt,
      contactsOpenAt,
      confirmedOpenAt,
      endEnergyWh: end.energyImportWh,
      simEndWh: simEnergyWh(),
      powersW,
    };
  };

  const newMeter = () => new PolledMeter('meter-1', new RegisterMapMeterSource(client, units.meter, loadMeterMap('sdm630')));
  const latencies: number[] = [];
  const allPowers: number[] = [];
  const energy: LimitBenchResult['energy'] = [];
  try {
    console.log(heading(`Transaction limits: LimitEnforcer on the station rig (Modbus TCP, sdm630 map, coil contactor with feedback)`));
    console.log(formatMachine(machineInfo()));
    const runs = [...pollsMs.map((pollMs) => ({ pollMs, compensate: false })), ...compensatedPollsMs.map((pollMs) => ({ pollMs, compensate: true }))];
    for (const { pollMs, compensate } of runs) {
      const openLatencyMs = compensate && latencies.length > 0 ? round(summarize(latencies).median, 1) : 0;
      const pollEnergyWh = (powerW * pollMs) / MS_PER_HOUR;
      // at least two polls and 1.3 s of charging, then a fraction k/n of one poll's energy: the crossing
      // falls at a different phase of the poll in every session
      const baseWh = (powerW * Math.max(1300, 2 * pollMs)) / MS_PER_HOUR;
      const meter = newMeter();
      const over: number[] = [];
      const simOver: number[] = [];
      for (let k = 0; k < sessions; k++) {
        const limitWh = round(baseWh + (k / sessions) * pollEnergyWh, 3);
        const s = await session(meter, pollMs, { maxEnergyWh: limitWh }, openLatencyMs);
        over.push(s.endEnergyWh - s.startEnergyWh - limitWh);
        simOver.push(s.simEndWh - s.simStartWh - limitWh);
        latencies.push(s.contactsOpenAt - s.decidedAt);
        allPowers.push(...s.powersW);
      }
      energy.push({ pollMs, openLatencyMs, pollEnergyWh, overshootWh: summarize(over), simOvershootWh: summarize(simOver), samplesWh: over.map((x) => round(x)) });
    }

    // maxTime: fractional limits so the deadline falls at a different phase of the 1 s meter poll each time
    const timeMeter = newMeter();
    const timeErr: number[] = [];
    const confirmedErr: number[] = [];
    for (let k = 0; k < sessions; k++) {
      const maxTimeS = 1.5 + (k / sessions) * 0.25;
      const s = await session(timeMeter, 1000, { maxTimeS });
      timeErr.push(s.contactsOpenAt - (s.startedAt + maxTimeS * 1000));
      confirmedErr.push(s.confirmedOpenAt - (s.startedAt + maxTimeS * 1000));
      latencies.push(s.contactsOpenAt - s.decidedAt);
    }
    const openLatencyMs = summarize(latencies);

    // The old way, computed (not waited for): the CSMS learns the energy from MeterValues every
    // `sampleIntervalS`; the crossing falls at phase k/n after a sample, so the CSMS sees it (1 - k/n) of an
    // interval later, then needs a round trip to stop the session, then the contactor opens.
    const measuredPowerW = allPowers.length > 0 ? allPowers.reduce((a, b) => a + b, 0) / allPowers.length : powerW;
    const oldSamples: number[] = [];
    for (let k = 0; k < sessions; k++) {
      const lateMs = (1 - k / sessions) * sampleIntervalS * 1000 + roundTripMs + openLatencyMs.median;
      oldSamples.push((measuredPowerW * lateMs) / MS_PER_HOUR);
    }
    const oldWay = { sampleIntervalS, roundTripMs, measuredPowerW, overshootWh: summarize(oldSamples), samplesWh: oldSamples.map((x) => round(x)) };
    const maxTime = { errorMs: summarize(timeErr), confirmedErrorMs: summarize(confirmedErr), samplesMs: timeErr };

    const goals = {
      energyMedianWithin1Wh: energy.every((e) => Math.abs(e.overshootWh.median) <= 1),
      energyMaxWithinOnePoll: energy.every((e) => e.overshootWh.max <= e.pollEnergyWh),
      maxTimeWithin100ms: Math.max(Math.abs(maxTime.errorMs.min), Math.abs(maxTime.errorMs.max)) <= 100,
    };

    console.log(`\nmaxEnergy overshoot, Wh (delivered by the meter's register minus the limit), ${sessions} sessions each at ${fmt(powerW / 1000, 0)} kW`);
    console.log(
      table(
        ['how the session is stopped', 'median', 'max', 'min', "one poll's energy", 'sim truth median', 'sim truth max'],
        [
          ...energy.map((e) => [
            `local LimitEnforcer, meter poll ${e.pollMs} ms${e.openLatencyMs > 0 ? `, openLatencyMs ${fmt(e.openLatencyMs, 1)}` : ''}`,
            fmt(e.overshootWh.median, 2),
            fmt(e.overshootWh.max, 2),
            fmt(e.overshootWh.min, 2),
            fmt(e.pollEnergyWh, 2),
            fmt(e.simOvershootWh.median, 2),
            fmt(e.simOvershootWh.max, 2),
          ]),
          [
            `old way: CSMS stops from ${sampleIntervalS} s MeterValues (computed)`,
            fmt(oldWay.overshootWh.median, 1),
            fmt(oldWay.overshootWh.max, 1),
            fmt(oldWay.overshootWh.min, 1),
            '-',
            '-',
            '-',
          ],
        ],
      ),
    );
    console.log(
      `old way computed, not waited for: measured rig power ${fmt(measuredPowerW, 0)} W x (time from the crossing to the next ` +
        `${sampleIntervalS} s sample, phase k/${sessions} for k = 0..${sessions - 1} + assumed CSMS round trip ${roundTripMs} ms + measured open latency ${fmt(openLatencyMs.median, 1)} ms)`,
    );
    const lastMaxTimeS = 1.5 + ((sessions - 1) / sessions) * 0.25;
    console.log(
      `\nmaxTime error, ms (contacts open minus startedAt + maxTime; maxTime 1.5..${fmt(lastMaxTimeS, 3)} s, openLatencyMs 0, meter poll 1000 ms), ${sessions} sessions`,
    );
    console.log(
      table(
        ['measured at', 'median', 'max', 'min'],
        [
          ['contacts open (simulator)', fmt(maxTime.errorMs.median, 1), fmt(maxTime.errorMs.max, 1), fmt(maxTime.errorMs.min, 1)],
          ['open confirmed by feedback (agent)', fmt(maxTime.confirmedErrorMs.median, 1), fmt(maxTime.confirmedErrorMs.max, 1), fmt(maxTime.confirmedErrorMs.min, 1)],
        ],
      ),
    );
    console.log(
      `\ndecision to contacts open (Modbus coil write + the simulated contactor's settle time), ms over ${openLatencyMs.n} sessions: ` +
        `median ${fmt(openLatencyMs.median, 1)}, max ${fmt(openLatencyMs.max, 1)} (= ${fmt((powerW * openLatencyMs.median) / MS_PER_HOUR, 2)} Wh at ${fmt(powerW / 1000, 0)} kW; with openLatencyMs 0 it is part of the overshoot)`,
    );
    console.log(
      `goals: energy median within 1 Wh ${goals.energyMedianWithin1Wh ? 'met' : 'NOT met'}; energy max within one poll's energy ${goals.energyMaxWithinOnePoll ? 'met' : 'NOT met'}; maxTime within 100 ms ${goals.maxTimeWithin100ms ? 'met' : 'NOT met'}`,
    );

    const result: LimitBenchResult = { machine: machineInfo(), powerW, sessions, openLatencyMs, energy, oldWay, maxTime, goals };
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v), 2) + '\n');
    console.log(`report: ${reportPath}`);
    return result;
  } finally {
    await contactor.open().catch(() => undefined);
    await client.close();
    await rig.close();
  }
}
