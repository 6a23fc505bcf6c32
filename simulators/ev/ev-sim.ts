// A simulated electric vehicle: plugged or not, pilot state, and a charging power profile over its state of charge.

import { RegisterBank } from '../modbus/register-bank.js';

export interface Pause {
  /** Ms after the first energy flowed. */
  afterMs: number;
  durationMs: number;
}

export interface EvProfile {
  /** Power the EV draws while not tapering, W (22 kW = 32 A on three phases). */
  maxPowerW: number;
  batteryWh: number;
  /** State of charge at plug-in, 0..1. */
  initialSoc: number;
  /** Above this state of charge the power falls linearly to 10 % at full. */
  taperFromSoc: number;
  /** Intervals where the EV requests no energy (pilot back to state B). */
  pauses: Pause[];
}

export const DEFAULT_EV_PROFILE: EvProfile = {
  maxPowerW: 22_000,
  batteryWh: 60_000,
  initialSoc: 0.3,
  taperFromSoc: 0.8,
  pauses: [],
};

/** Register layout the EV simulator serves as the charge (pilot) controller. */
export const EV_IO = {
  /** Discrete input: a vehicle is plugged in. */
  pluggedInput: 0,
  /** Discrete input: the vehicle requests energy (pilot state C). */
  readyInput: 1,
  /** Input register: IEC 61851 pilot state, 1 = A, 2 = B, 3 = C. */
  pilotRegister: 0,
} as const;

export class EvSim {
  readonly bank = new RegisterBank();
  profile: EvProfile;
  private plugged = false;
  private energyWh = 0;
  private firstFlowAt: number | undefined;

  constructor(
    profile: Partial<EvProfile> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.profile = { ...DEFAULT_EV_PROFILE, ...profile };
    this.bank.setBit('discreteInputs', EV_IO.pluggedInput, false);
    this.bank.setBit('discreteInputs', EV_IO.readyInput, false);
    this.bank.setWords('inputRegisters', EV_IO.pilotRegister, [1]);
    this.bank.beforeRead = () => this.publish();
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  get soc(): number {
    return Math.min(1, this.profile.initialSoc + this.energyWh / this.profile.batteryWh);
  }

  plug(profile: Partial<EvProfile> = {}): void {
    this.profile = { ...this.profile, ...profile };
    this.plugged = true;
    this.energyWh = 0;
    this.firstFlowAt = undefined;
    this.publish();
  }

  unplug(): void {
    this.plugged = false;
    this.publish();
  }

  /** Pilot state: A = no vehicle, B = connected not requesting, C = requesting energy. */
  pilot(): 'A' | 'B' | 'C' {
    if (!this.plugged) return 'A';
    return this.wantsEnergy() ? 'C' : 'B';
  }

  /** Power the EV would draw now if the contactor were closed, W. */
  demandW(): number {
    if (!this.wantsEnergy()) return 0;
    const p = this.profile;
    const soc = this.soc;
    if (soc <= p.taperFromSoc) return p.maxPowerW;
    const fraction = 1 - (0.9 * (soc - p.taperFromSoc)) / (1 - p.taperFromSoc);
    return p.maxPowerW * fraction;
  }

  /** Account energy that flowed into the battery. */
  charge(energyWh: number): void {
    if (energyWh > 0 && this.firstFlowAt === undefined) this.firstFlowAt = this.now();
    this.energyWh += energyWh;
  }

  private wantsEnergy(): boolean {
    if (!this.plugged || this.soc >= 1) return false;
    if (this.firstFlowAt !== undefined) {
      const t = this.now() - this.firstFlowAt;
      if (this.profile.pauses.some((p) => t >= p.afterMs && t < p.afterMs + p.durationMs)) return false;
    }
    return true;
  }

  private publish(): void {
    const pilot = this.pilot();
    this.bank.setBit('discreteInputs', EV_IO.pluggedInput, this.plugged);
    this.bank.setBit('discreteInputs', EV_IO.readyInput, pilot === 'C');
    this.bank.setWords('inputRegisters', EV_IO.pilotRegister, [pilot === 'A' ? 1 : pilot === 'B' ? 2 : 3]);
  }
}
