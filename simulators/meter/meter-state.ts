// The electrical quantities a simulated meter holds; each model's table writes them into registers.

import type { RegisterBank } from '../modbus/register-bank.js';

export interface PhaseState {
  voltageV: number;
  currentA: number;
  powerW: number;
}

export interface SimMeterState {
  /** Imported active energy register, Wh (the meter stores kWh or 0.01 kWh; the table converts). */
  energyImportWh: number;
  /** Exported active energy register, Wh. */
  energyExportWh: number;
  /** Total active power, W (positive = import). */
  powerW: number;
  phases: [PhaseState, PhaseState, PhaseState];
  frequencyHz: number;
}

/**
 * One meter model's register layout as the simulator serves it, written from the manufacturer's
 * datasheet independently of the driver's map (hal/meter/maps), so that a wrong address or data
 * type in either one makes the tests fail.
 */
export interface SimMeterTable {
  /** Model id, matching the driver map's name (e.g. "sdm630"). */
  model: string;
  /** Writes the whole state into the bank (called at start-up and after every change). */
  write(bank: RegisterBank, state: SimMeterState): void;
}

export function idleState(): SimMeterState {
  return {
    energyImportWh: 0,
    energyExportWh: 0,
    powerW: 0,
    phases: [
      { voltageV: 230, currentA: 0, powerW: 0 },
      { voltageV: 230, currentA: 0, powerW: 0 },
      { voltageV: 230, currentA: 0, powerW: 0 },
    ],
    frequencyHz: 50,
  };
}
