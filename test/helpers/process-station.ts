// A station rig, a CSMS simulator and the agent as a child process that a test can SIGKILL, stop and restart (power cuts, resets, shutdown).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransactionEventRequest } from '../../agent/core/types/v21.js';
import { CsmsSim } from '../../simulators/csms/csms-server.js';
import { StationRig } from '../../simulators/station-rig.js';
import { spawnAgent, type AgentProcess } from './agent-process.js';
import { PASSWORD, STATION_ID, writeHarnessConfig, type HarnessOptions } from './station-harness.js';

export interface ProcessStationOptions extends Pick<HarnessOptions, 'onPowerLoss' | 'ocppDefaults' | 'tariff' | 'versions'> {
  /** The CSMS simulator's price, per kWh (default 0.3 EUR). */
  pricePerKwh?: number;
  /** The port the agent connects to, given the CSMS simulator's (e.g. a relay in between); default the CSMS's own. */
  csmsPortFor?: (csmsPort: number) => Promise<number>;
}

export interface ProcessStation {
  rig: StationRig;
  csms: CsmsSim;
  /** Spawns the agent (again) on the same config and data directory. */
  start(): AgentProcess;
}

/** Builds the station; `onCleanup` gets what stops every agent, the CSMS and the rig, and removes the data directory. */
export async function processStation(o: ProcessStationOptions, onCleanup: (fn: () => Promise<void>) => void): Promise<ProcessStation> {
  const dir = mkdtempSync(join(tmpdir(), 'charger-agent-process-'));
  const rig = new StationRig({ evses: 1, contactorSettleMs: 20 });
  const modbusPort = await rig.serveTcp(0);
  const csms = new CsmsSim({ port: 0, pricePerKwh: o.pricePerKwh ?? 0.3, currency: 'EUR', passwords: { [STATION_ID]: PASSWORD }, boot: { status: 'Accepted', interval: 300 } });
  const csmsPort = await csms.listen();
  const agentPort = o.csmsPortFor ? await o.csmsPortFor(csmsPort) : csmsPort;
  const { pricePerKwh: _price, csmsPortFor: _port, ...harness } = o;
  const configFile = writeHarnessConfig(dir, modbusPort, agentPort, harness);
  const procs: AgentProcess[] = [];
  onCleanup(async () => {
    for (const p of procs) await p.stop().catch(() => undefined);
    await csms.close();
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    rig,
    csms,
    start: () => {
      const p = spawnAgent(configFile);
      procs.push(p);
      return p;
    },
  };
}

/** Every TransactionEvent the CSMS simulator received from the test station, in order. */
export function receivedTxEvents(csms: CsmsSim): TransactionEventRequest[] {
  return (csms.station(STATION_ID)?.log ?? [])
    .filter((r) => r.direction === 'in' && r.kind === 'CALL' && r.action === 'TransactionEvent')
    .map((r) => r.payload as unknown as TransactionEventRequest);
}
