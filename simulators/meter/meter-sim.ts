// A simulated energy meter: integrates the power drawn through it into its energy register, served per model table.

import { RegisterBank } from '../modbus/register-bank.js';
import { idleState, type SimMeterState, type SimMeterTable } from './meter-state.js';
import { simMeterTable } from './tables/index.js';

export interface MeterSimOptions {
  model: string;
  /** Energy register at start, Wh (a meter in the field is never at 0). */
  initialEnergyWh?: number;
  /** Line-to-neutral voltage, V. */
  voltageV?: number;
  now?: () => number;
}

export class MeterSim {
  readonly bank = new RegisterBank();
  readonly state: SimMeterState;
  readonly table: SimMeterTable;
  private readonly now: () => number;
  private lastSync: number;
  /** When true, the energy register serves NaN / "not available" instead of its value. */
  private invalidEnergy = false;

  constructor(o: MeterSimOptions) {
    this.table = simMeterTable(o.model);
    this.now = o.now ?? Date.now;
    this.state = idleState();
    this.state.energyImportWh = o.initialEnergyWh ?? 1_234_567;
    for (const p of this.state.phases) p.voltageV = o.voltageV ?? 230;
    this.lastSync = this.now();
    this.bank.beforeRead = () => this.sync();
    this.write();
  }

  /** Integrates energy up to now at the present power and refreshes the registers. */
  sync(): void {
    const t = this.now();
    const dt = Math.max(0, t - this.lastSync);
    this.lastSync = t;
    this.state.energyImportWh += (this.state.powerW * dt) / 3_600_000;
    this.write();
  }

  /** Sets the power flowing through the meter, split evenly over `phases` phases (1 or 3). */
  setLoad(powerW: number, phases: 1 | 3 = 3): void {
    this.sync();
    this.state.powerW = powerW;
    this.state.phases.forEach((p, i) => {
      p.powerW = i < phases ? powerW / phases : 0;
      p.currentA = p.powerW / p.voltageV;
    });
    this.write();
  }

  /** Fault injection: the energy register jumps by `deltaWh` (a corrupted or swapped meter). */
  jumpEnergy(deltaWh: number): void {
    this.sync();
    this.state.energyImportWh += deltaWh;
    this.write();
  }

  /** Fault injection: the energy register reads NaN (float models) or "not available" (integer models). */
  setEnergyInvalid(invalid: boolean): void {
    this.invalidEnergy = invalid;
    this.write();
  }

  private write(): void {
    this.table.write(this.bank, this.invalidEnergy ? { ...this.state, energyImportWh: NaN } : this.state);
  }
}
