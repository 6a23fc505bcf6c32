// Simulator register table of the ABB B23/B24 three-phase meter (B21/B23/B24 share it): holding registers, scaled integers.

import { entryTable, notModelled, phase, type RegisterEntry } from './write-entries.js';

/*
 * Source: ABB "B23/B24 User Manual", document 2CMC485003M0201, chapter 9 "Communication with Modbus":
 * 9.1 (supported function codes 3, 6 and 16 only: measurements are holding registers, read with FC 03) and
 * 9.3 "Mapping Tables": "Total energy accumulators" and "Instantaneous values". Addresses are "expressed
 * exactly as sent on the bus" (no 40001 offset). Multi-register values are sent most significant word first.
 *
 * Served: Active import / export kWh (0x5000..0x5007) and the instantaneous block 0x5B00..0x5B2C
 * (voltages, currents, active/reactive/apparent powers, frequency). Quantities of that block SimMeterState
 * does not model (line-to-line voltages, neutral current, reactive and apparent power) read 0. Registers
 * after the frequency (phase angles, power factors, quadrants from 0x5B2D) and the other energy
 * accumulators (net, reactive, apparent from 0x5008) exist on the meter but are not served here.
 */
const ENTRIES: readonly RegisterEntry[] = [
  // Total energy accumulators: 4 registers, unsigned, resolution 0.01 kWh (= 10 Wh).
  {
    address: 0x5000,
    type: 'uint64',
    name: 'Active import kWh (0.01 kWh)',
    value: (s) => s.energyImportWh,
    scale: 10,
    counter: true,
  },
  {
    address: 0x5004,
    type: 'uint64',
    name: 'Active export kWh (0.01 kWh)',
    value: (s) => s.energyExportWh,
    scale: 10,
    counter: true,
  },
  // Instantaneous values.
  { address: 0x5b00, type: 'uint32', name: 'Voltage L1-N (0.1 V)', value: phase(0, 'voltageV'), scale: 0.1 },
  { address: 0x5b02, type: 'uint32', name: 'Voltage L2-N (0.1 V)', value: phase(1, 'voltageV'), scale: 0.1 },
  { address: 0x5b04, type: 'uint32', name: 'Voltage L3-N (0.1 V)', value: phase(2, 'voltageV'), scale: 0.1 },
  { address: 0x5b06, type: 'uint32', name: 'Voltage L1-L2 (0.1 V)', value: notModelled },
  { address: 0x5b08, type: 'uint32', name: 'Voltage L3-L2 (0.1 V)', value: notModelled },
  { address: 0x5b0a, type: 'uint32', name: 'Voltage L1-L3 (0.1 V)', value: notModelled },
  { address: 0x5b0c, type: 'uint32', name: 'Current L1 (0.01 A)', value: phase(0, 'currentA'), scale: 0.01 },
  { address: 0x5b0e, type: 'uint32', name: 'Current L2 (0.01 A)', value: phase(1, 'currentA'), scale: 0.01 },
  { address: 0x5b10, type: 'uint32', name: 'Current L3 (0.01 A)', value: phase(2, 'currentA'), scale: 0.01 },
  { address: 0x5b12, type: 'uint32', name: 'Current N (0.01 A)', value: notModelled },
  { address: 0x5b14, type: 'int32', name: 'Active power Total (0.01 W)', value: (s) => s.powerW, scale: 0.01 },
  { address: 0x5b16, type: 'int32', name: 'Active power L1 (0.01 W)', value: phase(0, 'powerW'), scale: 0.01 },
  { address: 0x5b18, type: 'int32', name: 'Active power L2 (0.01 W)', value: phase(1, 'powerW'), scale: 0.01 },
  { address: 0x5b1a, type: 'int32', name: 'Active power L3 (0.01 W)', value: phase(2, 'powerW'), scale: 0.01 },
  { address: 0x5b1c, type: 'int32', name: 'Reactive power Total (0.01 var)', value: notModelled },
  { address: 0x5b1e, type: 'int32', name: 'Reactive power L1 (0.01 var)', value: notModelled },
  { address: 0x5b20, type: 'int32', name: 'Reactive power L2 (0.01 var)', value: notModelled },
  { address: 0x5b22, type: 'int32', name: 'Reactive power L3 (0.01 var)', value: notModelled },
  { address: 0x5b24, type: 'int32', name: 'Apparent power Total (0.01 VA)', value: notModelled },
  { address: 0x5b26, type: 'int32', name: 'Apparent power L1 (0.01 VA)', value: notModelled },
  { address: 0x5b28, type: 'int32', name: 'Apparent power L2 (0.01 VA)', value: notModelled },
  { address: 0x5b2a, type: 'int32', name: 'Apparent power L3 (0.01 VA)', value: notModelled },
  { address: 0x5b2c, type: 'uint16', name: 'Frequency (0.01 Hz)', value: (s) => s.frequencyHz, scale: 0.01 },
];

export const abbB23Table = entryTable('abb-b23', 'holdingRegisters', ENTRIES);
