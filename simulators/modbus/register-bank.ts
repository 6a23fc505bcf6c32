// A Modbus device's data model for the simulators: coils, discrete inputs, input and holding registers.

export type Table = 'coils' | 'discreteInputs' | 'inputRegisters' | 'holdingRegisters';

/**
 * Sparse storage of one simulated device. An address that was never set does not exist: a read
 * that touches it gets exception 2 (Illegal Data Address), as a real device answers.
 */
export class RegisterBank {
  readonly coils = new Map<number, boolean>();
  readonly discreteInputs = new Map<number, boolean>();
  readonly inputRegisters = new Map<number, number>();
  readonly holdingRegisters = new Map<number, number>();
  /** Called before a read is served, so a simulator can bring its values up to date. */
  beforeRead?: () => void;
  /** Called after a master wrote a coil or register: (table, address, value). */
  onWrite?: (table: 'coils' | 'holdingRegisters', address: number, value: number | boolean) => void;

  setWords(table: 'inputRegisters' | 'holdingRegisters', address: number, words: readonly number[]): void {
    const map = this[table];
    words.forEach((w, i) => map.set(address + i, w & 0xffff));
  }

  setBit(table: 'coils' | 'discreteInputs', address: number, value: boolean): void {
    this[table].set(address, value);
  }

  getBit(table: 'coils' | 'discreteInputs', address: number): boolean | undefined {
    return this[table].get(address);
  }
}
