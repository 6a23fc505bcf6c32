// A simulated charging station's hardware: per EVSE a meter, a contactor and an EV, on Modbus TCP and/or RTU.

import { ContactorSim } from './contactor/contactor-sim.js';
import { EvSim, type EvProfile } from './ev/ev-sim.js';
import { MeterSim } from './meter/meter-sim.js';
import { DeviceSet } from './modbus/device-set.js';
import { ModbusRtuSlave } from './modbus/rtu-slave.js';
import { ModbusTcpServer } from './modbus/tcp-server.js';

export interface RigEvse {
  evseId: number;
  meter: MeterSim;
  contactor: ContactorSim;
  ev: EvSim;
  units: { meter: number; contactor: number; controller: number };
}

export interface StationRigOptions {
  evses?: number;
  meterModel?: string;
  /** How often the EV's demand is re-evaluated (energy integrates continuously in between). */
  tickMs?: number;
  contactorSettleMs?: number;
  ev?: Partial<EvProfile>;
  now?: () => number;
}

/** Unit ids on the shared bus for EVSE `n` (1-based): meter n, contactor 10+n, charge controller 20+n. */
export function rigUnits(evseId: number): RigEvse['units'] {
  return { meter: evseId, contactor: 10 + evseId, controller: 20 + evseId };
}

export class StationRig {
  readonly devices = new DeviceSet();
  readonly evses: RigEvse[] = [];
  private tcp: ModbusTcpServer | undefined;
  private readonly rtu: ModbusRtuSlave[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** Per EVSE, the power the rig last drove through its meter (a meter starts idle: 0 W). */
  private readonly drivenW = new Map<RigEvse, number>();

  constructor(o: StationRigOptions = {}) {
    this.now = o.now ?? Date.now;
    for (let n = 1; n <= (o.evses ?? 1); n++) {
      const units = rigUnits(n);
      const evse: RigEvse = {
        evseId: n,
        meter: new MeterSim({ model: o.meterModel ?? 'sdm630', initialEnergyWh: 1_000_000 * n + 234_567, now: this.now }),
        contactor: new ContactorSim({ settleMs: o.contactorSettleMs ?? 30 }),
        ev: new EvSim(o.ev, this.now),
        units,
      };
      this.devices.add(units.meter, evse.meter.bank);
      this.devices.add(units.contactor, evse.contactor.bank);
      this.devices.add(units.controller, evse.ev.bank);
      evse.contactor.onContacts = () => this.update(evse);
      this.drivenW.set(evse, 0);
      this.evses.push(evse);
    }
    const tickMs = o.tickMs ?? 100;
    this.timer = setInterval(() => this.evses.forEach((e) => this.update(e)), tickMs);
    this.timer.unref();
  }

  evse(n: number): RigEvse {
    const e = this.evses[n - 1];
    if (!e) throw new Error(`the rig has no EVSE ${n} (it has ${this.evses.length})`);
    return e;
  }

  async serveTcp(port = 0, host = '127.0.0.1'): Promise<number> {
    this.tcp = new ModbusTcpServer(this.devices);
    return this.tcp.listen(port, host);
  }

  async serveRtu(path: string, baudRate = 9600): Promise<void> {
    const slave = new ModbusRtuSlave(this.devices, path, baudRate);
    await slave.open();
    this.rtu.push(slave);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const e of this.evses) e.contactor.stop();
    await this.tcp?.close();
    for (const s of this.rtu) await s.close();
  }

  /**
   * Power flows when the contacts are closed and the EV requests it; the EV's battery takes the energy.
   * The rig sets the meter's load only when that power changes, not on every tick: a load a test set on
   * the meter directly (a bench meter with nothing plugged) holds until the contactor or the EV changes,
   * instead of being reset to the rig's 0 W at whichever tick falls between the test's set and its read.
   */
  private update(e: RigEvse): void {
    const before = e.meter.state.energyImportWh;
    e.meter.sync();
    e.ev.charge(e.meter.state.energyImportWh - before);
    const power = e.contactor.closed ? e.ev.demandW() : 0;
    if (power === this.drivenW.get(e)) return;
    this.drivenW.set(e, power);
    e.meter.setLoad(power);
  }
}
