// Test harness: the simulated hardware (Modbus TCP), the CSMS simulator and the real agent, wired by a generated config file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { AgentConfig } from '../../agent/config/config-types.js';
import { loadConfig } from '../../agent/config/load-config.js';
import { startAgent, type RunningAgent } from '../../agent/run/start-agent.js';
import { CsmsSim } from '../../simulators/csms/csms-server.js';
import type { CsmsSimOptions } from '../../simulators/csms/csms-types.js';
import { StationRig, type StationRigOptions } from '../../simulators/station-rig.js';

export const STATION_ID = 'CS-TEST-0001';
export const PASSWORD = 'test-station-password-01';

export interface HarnessOptions {
  versions?: string[];
  evses?: number;
  rig?: StationRigOptions;
  csms?: Partial<CsmsSimOptions>;
  ocppDefaults?: Record<string, string | number | boolean>;
  meterPollMs?: number;
  onPowerLoss?: 'end' | 'resume';
  logLevel?: string;
}

export interface Harness {
  rig: StationRig;
  csms: CsmsSim;
  agent: RunningAgent;
  config: AgentConfig;
  dir: string;
  configFile: string;
  /** Stops the agent as a crash would not: cleanly (contactors open, database closed). */
  stopAgent(): Promise<void>;
  /** Starts a new agent on the same config and data directory. */
  restartAgent(): Promise<RunningAgent>;
  close(): Promise<void>;
}

export function writeHarnessConfig(dir: string, modbusPort: number, csmsPort: number, o: HarnessOptions): string {
  const evses = Array.from({ length: o.evses ?? 1 }, (_, i) => {
    const n = i + 1;
    return {
      id: n,
      connectors: [{ id: 1, type: 'cType2' }],
      meter: { bus: 'rig', unit: n, map: 'sdm630', pollMs: o.meterPollMs ?? 250 },
      contactor: { driver: 'modbus-coil', bus: 'rig', unit: 10 + n, coil: 0, feedback: { input: 0 } },
      vehicle: { driver: 'modbus-inputs', bus: 'rig', unit: 20 + n, plugged: 0, ready: 1, pollMs: 100 },
      maxPowerW: 22000,
    };
  });
  const config = {
    station: { id: STATION_ID, vendor: 'charger-agent', model: 'test-rig', serialNumber: 'T-0001', firmwareVersion: '0.1.0' },
    csms: {
      url: `ws://127.0.0.1:${csmsPort}/ocpp`,
      versions: o.versions ?? ['ocpp2.1', 'ocpp2.0.1'],
      securityProfile: 1,
      basicAuthPassword: PASSWORD,
      pingIntervalSec: 30,
    },
    dataDir: './data',
    log: { level: 'silent' },
    buses: { rig: { tcp: `127.0.0.1:${modbusPort}`, timeoutMs: 300, retries: 1 } },
    evses,
    transactions: { onPowerLoss: o.onPowerLoss ?? 'end' },
    ocppDefaults: {
      'OCPPCommCtrlr.RetryBackOffWaitMinimum': 1,
      'OCPPCommCtrlr.RetryBackOffRandomRange': 0,
      'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]': 1,
      ...o.ocppDefaults,
    },
  };
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'charger-agent-e2e-'));
  const rig = new StationRig({ evses: o.evses ?? 1, contactorSettleMs: 20, ...o.rig });
  const modbusPort = await rig.serveTcp(0);
  const csms = new CsmsSim({
    port: 0,
    pricePerKwh: 0.3,
    currency: 'EUR',
    passwords: { [STATION_ID]: PASSWORD },
    boot: { status: 'Accepted', interval: 300 },
    ...o.csms,
  });
  const csmsPort = await csms.listen();
  const configFile = writeHarnessConfig(dir, modbusPort, csmsPort, o);
  const config = loadConfig(configFile);
  const logger = pino({ level: o.logLevel ?? process.env.TEST_LOG ?? 'silent' });
  const h: Harness = {
    rig,
    csms,
    config,
    dir,
    configFile,
    agent: await startAgent(config, { logger, onReset: () => undefined, statusIntervalMs: 200 }),
    async stopAgent() {
      await h.agent.stop();
    },
    async restartAgent() {
      h.agent = await startAgent(config, { logger, onReset: () => undefined, statusIntervalMs: 200 });
      return h.agent;
    },
    async close() {
      await h.agent.stop().catch(() => undefined);
      await csms.close();
      await rig.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
