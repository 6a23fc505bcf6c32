// Test harness: the simulated hardware, the 1.6 CSMS simulator and the real agent configured for OCPP 1.6 only.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { AgentConfig } from '../../agent/config/config-types.js';
import { loadConfig } from '../../agent/config/load-config.js';
import type { ResetKind } from '../../agent/core/station/station-core.js';
import { startAgent, type RunningAgent } from '../../agent/run/start-agent.js';
import { Csms16, type Csms16Options } from '../../simulators/csms16/csms16-server.js';
import { StationRig } from '../../simulators/station-rig.js';
import { PASSWORD, STATION_ID, writeHarnessConfig, type HarnessOptions } from './station-harness.js';

export { Csms16, type Csms16Options, type Received16 } from '../../simulators/csms16/csms16-server.js';

export interface Harness16 {
  rig: StationRig;
  csms: Csms16;
  agent: RunningAgent;
  config: AgentConfig;
  dir: string;
  stopAgent(): Promise<void>;
  restartAgent(): Promise<RunningAgent>;
  close(): Promise<void>;
}

/** The simulated hardware, the 1.6 CSMS and the real agent configured for OCPP 1.6 only. */
export async function startHarness16(o: HarnessOptions & { csms16?: Partial<Csms16Options> } = {}): Promise<Harness16> {
  const dir = mkdtempSync(join(tmpdir(), 'charger-agent-ocpp16-'));
  const rig = new StationRig({ evses: o.evses ?? 1, contactorSettleMs: 20, ...o.rig });
  const modbusPort = await rig.serveTcp(0);
  const csms = await Csms16.start({ stationId: STATION_ID, password: PASSWORD, ...o.csms16 });
  const config = loadConfig(writeHarnessConfig(dir, modbusPort, csms.port, { ...o, versions: ['ocpp1.6'] }));
  const level = o.logLevel ?? process.env.TEST_LOG ?? 'silent';
  const logger = o.logStream ? pino({ level }, o.logStream) : pino({ level });
  const onReset = (kind: ResetKind) => o.onReset?.(kind);
  const h: Harness16 = {
    rig,
    csms,
    config,
    dir,
    agent: await startAgent(config, { logger, onReset, statusIntervalMs: 0, drainMs: 3000 }),
    async stopAgent() {
      await h.agent.stop();
    },
    async restartAgent() {
      h.agent = await startAgent(config, { logger, onReset, statusIntervalMs: 0, drainMs: 3000 });
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
