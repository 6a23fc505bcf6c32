// A fleet of stations for the full-stack bench: per station a StationRig (1 EVSE, own TCP port) and an in-process agent, all on one CsmsSim.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../agent/config/load-config.js';
import type { TariffConfig } from '../agent/config/read-display-tariff.js';
import { startAgent, type RunningAgent } from '../agent/run/start-agent.js';
import { CsmsSim } from '../simulators/csms/csms-server.js';
import type { Receipt, TransactionRecord } from '../simulators/csms/csms-types.js';
import { StationRig } from '../simulators/station-rig.js';
import { writeBenchAgentConfig } from './agent-config.js';
import { sleep } from './stats.js';

export interface FleetOptions {
  /** Station ids are <prefix>-01, <prefix>-02, ... */
  prefix: string;
  count: number;
  meterPollMs: number;
  /** EV power, W (constant: a big battery far from its taper). */
  powerW: number;
  /** CsmsSim price; 1000 per kWh makes 1 EUR buy exactly 1 Wh. */
  pricePerKwh: number;
  stopFromMeterValues?: boolean;
  ocppDefaults?: Record<string, string | number | boolean>;
  /** Every agent's config default tariff (its currency must be EUR, the fleet CSMS's currency). */
  tariff?: TariffConfig;
}

export interface FleetStation {
  id: string;
  rig: StationRig;
  agent: RunningAgent;
  /** Date.now() of the last time the rig's EVSE 1 contacts opened. */
  contactsOpenedAt?: number;
}

export interface Fleet {
  csms: CsmsSim;
  stations: FleetStation[];
  close(): Promise<void>;
}

/** Resolves once `cond()` holds (checked every 5 ms); rejects naming `what` after `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** Starts the CsmsSim, every rig and every agent, and waits until each station booted and reported Available. */
export async function startFleet(o: FleetOptions): Promise<Fleet> {
  const ids = Array.from({ length: o.count }, (_, i) => `${o.prefix}-${String(i + 1).padStart(2, '0')}`);
  const password = (id: string) => `bench-password-${id}`;
  const csms = new CsmsSim({
    port: 0,
    pricePerKwh: o.pricePerKwh,
    currency: 'EUR',
    passwords: Object.fromEntries(ids.map((id) => [id, password(id)])),
    boot: { status: 'Accepted', interval: 300 },
    stopFromMeterValues: o.stopFromMeterValues ?? false,
  });
  const rigs: StationRig[] = [];
  const agents: RunningAgent[] = [];
  const dirs: string[] = [];
  const close = async () => {
    await Promise.all(agents.map((a) => a.stop().catch(() => undefined)));
    await csms.close().catch(() => undefined);
    await Promise.all(rigs.map((r) => r.close().catch(() => undefined)));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    const csmsPort = await csms.listen();
    const logger = pino({ level: 'silent' });
    const stations = await Promise.all(
      ids.map(async (id): Promise<FleetStation> => {
        const rig = new StationRig({ evses: 1, ev: { maxPowerW: o.powerW, batteryWh: 1_000_000, initialSoc: 0.1 } });
        rigs.push(rig);
        const modbusPort = await rig.serveTcp(0);
        const dir = mkdtempSync(join(tmpdir(), 'charger-agent-bench-'));
        dirs.push(dir);
        const file = writeBenchAgentConfig({ dir, stationId: id, password: password(id), csmsPort, modbusPort, meterPollMs: o.meterPollMs, ocppDefaults: o.ocppDefaults, ...(o.tariff ? { tariff: o.tariff } : {}) });
        const agent = await startAgent(loadConfig(file), { logger, onReset: () => undefined });
        agents.push(agent);
        const st: FleetStation = { id, rig, agent };
        const contactor = rig.evse(1).contactor;
        const rigHook = contactor.onContacts;
        contactor.onContacts = (closed) => {
          rigHook?.(closed);
          if (!closed) st.contactsOpenedAt = Date.now();
        };
        return st;
      }),
    );
    // polled, not csms.waitForStatus: 20 concurrent waits would pile listeners on the CsmsSim's emitter
    await until(() => ids.every((id) => csms.station(id)?.status(1, 1) === 'Available'), 20_000, `every station of ${o.prefix} booted and Available`);
    return { csms, stations, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export interface SessionResult {
  stationId: string;
  reference: string;
  /** Energy the payment bought, Wh. */
  limitWh: number;
  /** Transaction.End minus Transaction.Begin registers as the CSMS received them, Wh (the receipt's energy). */
  deliveredWh: number;
  /** Energy the simulated meter really counted from before the payment to after the Ended event, Wh. */
  simWh: number;
  stoppedReason: string | undefined;
  /** Agent timestamps of the Started and Ended events, ms since epoch. */
  startedAt: number;
  endedAt: number;
  /** When the rig's contacts opened (bench clock, ms since epoch). */
  contactsOpenAt: number | undefined;
  tx: TransactionRecord;
  receipt: Receipt;
}

/**
 * One prepaid session on a fleet station: the payment (RequestStartTransaction), then the EV plugs in, the agent
 * starts the transaction and closes the contactor; resolves once the CSMS settled it (Ended received), the EV
 * unplugged and the connector is Available again. limitBy 'cost': the CSMS sends the amount as maxCost and the agent
 * prices the session with its tariff (the fleet needs a `tariff`).
 */
export async function prepaidSession(
  fleet: Fleet,
  st: FleetStation,
  amount: number,
  reference: string,
  timeoutMs: number,
  limitBy: 'energy' | 'cost' = 'energy',
): Promise<SessionResult> {
  const evse = st.rig.evse(1);
  evse.meter.sync();
  const simBefore = evse.meter.state.energyImportWh;
  st.contactsOpenedAt = undefined;
  const paid = await fleet.csms.pay({ stationId: st.id, evseId: 1, amount, method: 'card', reference, limitBy });
  if (paid.status !== 'Accepted') throw new Error(`station ${st.id} answered RequestStartTransaction ${paid.status} for payment ${reference}`);
  evse.ev.plug();
  let receipt: Receipt | undefined;
  await until(() => (receipt = fleet.csms.receipts.find((r) => r.reference === reference)) !== undefined, timeoutMs, `the receipt of payment ${reference} (${paid.maxEnergyWh} Wh) on ${st.id}`);
  if (!receipt) throw new Error(`no receipt for ${reference}`);
  evse.meter.sync();
  const simAfter = evse.meter.state.energyImportWh;
  const contactsOpenAt = st.contactsOpenedAt;
  const tx = receipt.transactionId !== undefined ? fleet.csms.station(st.id)?.transaction(receipt.transactionId) : undefined;
  const started = tx?.events.find((e) => e.eventType === 'Started');
  const ended = tx?.events.find((e) => e.eventType === 'Ended');
  if (!tx || !started || !ended) throw new Error(`station ${st.id}, payment ${reference}: no Started/Ended transaction recorded by the CSMS`);
  evse.ev.unplug();
  await fleet.csms.waitForStatus(st.id, 1, 1, 'Available', 5_000);
  return {
    stationId: st.id,
    reference,
    limitWh: paid.maxEnergyWh,
    deliveredWh: receipt.energyWh,
    simWh: simAfter - simBefore,
    stoppedReason: receipt.stoppedReason,
    startedAt: Date.parse(started.timestamp),
    endedAt: Date.parse(ended.timestamp),
    contactsOpenAt,
    tx,
    receipt,
  };
}
