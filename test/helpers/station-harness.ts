// Test harness: the simulated hardware (Modbus TCP), the CSMS simulator and the real agent, wired by a generated config file.

import { until } from '../../simulators/shared/until.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { AgentConfig } from '../../agent/config/config-types.js';
import type { GetBaseReportRequest, NotifyReportRequest, TransactionEventRequest } from '../../agent/core/types/v21.js';
import { loadConfig } from '../../agent/config/load-config.js';
import type { ResetKind } from '../../agent/core/station/station-core.js';
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
  /** Kiosk page port (default 0: none, so parallel tests do not collide). */
  kioskPort?: number;
  /** The config's default tariff (absent: none). */
  tariff?: { currency: string; pricePerKwh: number; perMinute?: number; sessionFee?: number; taxPercent?: number; description?: string };
  /** Where the agent's log lines go (default: pino's stdout). */
  logStream?: NodeJS.WritableStream;
  /** Replaces fields of the config's csms section (security profile, tls files); profile 2/3 get a wss:// URL. */
  csmsConfig?: Record<string, unknown>;
  /** Called when the agent performs a CSMS Reset (after it recorded the kind in Harness.resets). */
  onReset?: (kind: ResetKind) => void;
}

export interface Harness {
  rig: StationRig;
  csms: CsmsSim;
  agent: RunningAgent;
  config: AgentConfig;
  dir: string;
  configFile: string;
  /** Every Reset the agent performed (the onReset callback), in order. */
  resets: ResetKind[];
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
      url: `${Number(o.csmsConfig?.securityProfile ?? 1) >= 2 ? 'wss' : 'ws'}://127.0.0.1:${csmsPort}/ocpp`,
      versions: o.versions ?? ['ocpp2.1', 'ocpp2.0.1'],
      securityProfile: 1,
      basicAuthPassword: PASSWORD,
      pingIntervalSec: 30,
      ...o.csmsConfig,
    },
    dataDir: './data',
    log: { level: 'silent' },
    buses: { rig: { tcp: `127.0.0.1:${modbusPort}`, timeoutMs: 1000, retries: 1 } },
    evses,
    transactions: { onPowerLoss: o.onPowerLoss ?? 'end' },
    display: { kioskPort: o.kioskPort ?? 0 },
    ...(o.tariff ? { tariff: o.tariff } : {}),
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
  const level = o.logLevel ?? process.env.TEST_LOG ?? 'silent';
  const logger = o.logStream ? pino({ level }, o.logStream) : pino({ level });
  const resets: ResetKind[] = [];
  const onReset = (kind: ResetKind) => {
    resets.push(kind);
    o.onReset?.(kind);
  };
  const h: Harness = {
    rig,
    csms,
    config,
    dir,
    configFile,
    resets,
    agent: await startAgent(config, { logger, onReset, statusIntervalMs: 200, drainMs: 3000 }),
    async stopAgent() {
      await h.agent.stop();
    },
    async restartAgent() {
      h.agent = await startAgent(config, { logger, onReset, statusIntervalMs: 200, drainMs: 3000 });
      return h.agent;
    },
    async close() {
      await h.agent.stop().catch(() => undefined);
      await h.csms.close(); // a test may have replaced the CSMS (offline periods)
      await rig.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export { until };

/**
 * Sends GetBaseReport with `requestId` and resolves with the station's answer and, when Accepted, every NotifyReport
 * part in seqNo order once the last one (tbc false) and all before it arrived. Polls the session's recorded reports,
 * which the simulator fills in when it handles each part.
 */
export async function requestBaseReport(
  csms: CsmsSim,
  stationId: string,
  reportBase: GetBaseReportRequest['reportBase'],
  requestId: number,
  timeoutMs = 10_000,
): Promise<{ status: string; parts: NotifyReportRequest[] }> {
  const session = csms.connectedStation(stationId);
  const res = await session.call('GetBaseReport', { requestId, reportBase });
  if (res.status !== 'Accepted') return { status: res.status, parts: [] };
  await until(() => session.report(requestId) !== undefined, timeoutMs, `every NotifyReport part of request ${requestId}`);
  const parts = [...(session.reports.get(requestId) ?? [])].sort((a, b) => a.seqNo - b.seqNo);
  return { status: res.status, parts };
}

let remoteStartIds = 1000;

/**
 * Plugs an EV into `evseId` (the transaction starts: TxStartPoint EVConnected), authorizes it with
 * RequestStartTransaction and resolves with the transactionId once the station reports chargingState Charging.
 */
export async function startCharging(h: Harness, evseId = 1, timeoutMs = 10_000): Promise<string> {
  const session = h.csms.connectedStation(STATION_ID);
  const from = session.mark();
  h.rig.evse(evseId).ev.plug();
  const started = await h.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Started' && e.evse?.id === evseId, timeoutMs, { fromIndex: from });
  const transactionId = started.transactionInfo.transactionId;
  const r = await h.csms.call(STATION_ID, 'RequestStartTransaction', {
    evseId,
    remoteStartId: remoteStartIds++,
    idToken: { idToken: `TOKEN-EVSE-${evseId}`, type: 'Central' },
  });
  if (r.status !== 'Accepted') throw new Error(`RequestStartTransaction on EVSE ${evseId} answered ${r.status}`);
  await h.csms.waitForTransactionEvent(
    STATION_ID,
    (e) => e.transactionInfo.transactionId === transactionId && e.transactionInfo.chargingState === 'Charging',
    timeoutMs,
    { fromIndex: from, what: `transaction ${transactionId} Charging` },
  );
  return transactionId;
}

/** The TransactionEvent requests the CSMS simulator received from the test station, in order. */
export function transactionEvents(harness: Harness): TransactionEventRequest[] {
  return harness.csms
    .connectedStation(STATION_ID)
    .log.filter((r) => r.direction === 'in' && r.kind === 'CALL' && r.action === 'TransactionEvent')
    .map((r) => r.payload as unknown as TransactionEventRequest);
}

/**
 * The Started TransactionEvent on `evseId` once the CSMS simulator has received it (bounded wait). The station
 * closes its contactor on its own and the event reaches the CSMS whenever the link delivers it: a test that saw
 * the contactor close waits for this before it reads the transaction from the CSMS's log.
 */
export function startedEvent(harness: Harness, timeoutMs = 10_000, evseId = 1): Promise<TransactionEventRequest> {
  return harness.csms.waitForTransactionEvent(STATION_ID, (e) => e.eventType === 'Started' && (e.evse?.id ?? evseId) === evseId, timeoutMs, {
    what: `the TransactionEvent Started on EVSE ${evseId}`,
  });
}

/** A TCP port free on 127.0.0.1 right now (for the kiosk server, which the agent binds itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
