// Simulator register table of the Eastron SDM72D-M-2 (SDM72D-M v2) three-phase meter (input registers, float32).

import { entryTable, notModelled, phase, phaseMean, phaseSum, type RegisterEntry } from './write-entries.js';

/*
 * Source: Eastron SDM72D-M-2 user manual (SDM72DM-V2, B+G e-tech / Eastron, V1.1), Part 3 "Modbus Protocol",
 * "Input Registers" table (function code 04; each parameter a 4-byte IEEE-754 float in two registers, high
 * word first). The "Modbus Protocol Start Address Hex" column is the address on the wire (30001 -> 0x0000).
 *
 * The v2 meter lists fewer parameters than the SDM630: no per-phase phase angles (SDM630 0x0024..0x0029) and
 * no total phase angle (0x0042); those, and the pairs the table does not list (0x002C, 0x0032, 0x0036,
 * 0x003A, 0x0040, 0x0044), are left unset. Listed quantities SimMeterState does not model (VA, VAr, power
 * factor) read 0. Also listed but not served here: line-to-line volts 0x00C8..0x00CF, neutral current
 * 0x00E0, total kVArh 0x0158, resettable energies 0x0180..0x0187, net kWh 0x018C, import/export power
 * 0x0500/0x0502. (The first SDM72D-M, before v2, had only 0x0034, 0x0048, 0x004A, 0x0156 and up.)
 */
const ENTRIES: readonly RegisterEntry[] = [
  { address: 0x0000, type: 'float32', name: '30001 Phase 1 line to neutral volts (V)', value: phase(0, 'voltageV') },
  { address: 0x0002, type: 'float32', name: '30003 Phase 2 line to neutral volts (V)', value: phase(1, 'voltageV') },
  { address: 0x0004, type: 'float32', name: '30005 Phase 3 line to neutral volts (V)', value: phase(2, 'voltageV') },
  { address: 0x0006, type: 'float32', name: '30007 Phase 1 current (A)', value: phase(0, 'currentA') },
  { address: 0x0008, type: 'float32', name: '30009 Phase 2 current (A)', value: phase(1, 'currentA') },
  { address: 0x000a, type: 'float32', name: '30011 Phase 3 current (A)', value: phase(2, 'currentA') },
  { address: 0x000c, type: 'float32', name: '30013 Phase 1 active power (W)', value: phase(0, 'powerW') },
  { address: 0x000e, type: 'float32', name: '30015 Phase 2 active power (W)', value: phase(1, 'powerW') },
  { address: 0x0010, type: 'float32', name: '30017 Phase 3 active power (W)', value: phase(2, 'powerW') },
  { address: 0x0012, type: 'float32', name: '30019 Phase 1 apparent power (VA)', value: notModelled },
  { address: 0x0014, type: 'float32', name: '30021 Phase 2 apparent power (VA)', value: notModelled },
  { address: 0x0016, type: 'float32', name: '30023 Phase 3 apparent power (VA)', value: notModelled },
  { address: 0x0018, type: 'float32', name: '30025 Phase 1 reactive power (VAr)', value: notModelled },
  { address: 0x001a, type: 'float32', name: '30027 Phase 2 reactive power (VAr)', value: notModelled },
  { address: 0x001c, type: 'float32', name: '30029 Phase 3 reactive power (VAr)', value: notModelled },
  { address: 0x001e, type: 'float32', name: '30031 Phase 1 power factor', value: notModelled },
  { address: 0x0020, type: 'float32', name: '30033 Phase 2 power factor', value: notModelled },
  { address: 0x0022, type: 'float32', name: '30035 Phase 3 power factor', value: notModelled },
  { address: 0x002a, type: 'float32', name: '30043 Average line to neutral volts (V)', value: phaseMean('voltageV') },
  { address: 0x002e, type: 'float32', name: '30047 Average line current (A)', value: phaseMean('currentA') },
  { address: 0x0030, type: 'float32', name: '30049 Sum of line currents (A)', value: phaseSum('currentA') },
  { address: 0x0034, type: 'float32', name: '30053 Total system power (W)', value: (s) => s.powerW },
  { address: 0x0038, type: 'float32', name: '30057 Total system volt amps (VA)', value: notModelled },
  { address: 0x003c, type: 'float32', name: '30061 Total system VAr (VAr)', value: notModelled },
  { address: 0x003e, type: 'float32', name: '30063 Total system power factor', value: notModelled },
  { address: 0x0046, type: 'float32', name: '30071 Frequency of supply voltages (Hz)', value: (s) => s.frequencyHz },
  {
    address: 0x0048,
    type: 'float32',
    name: '30073 Import active energy (kWh)',
    value: (s) => s.energyImportWh,
    scale: 1000,
  },
  {
    address: 0x004a,
    type: 'float32',
    name: '30075 Export active energy (kWh)',
    value: (s) => s.energyExportWh,
    scale: 1000,
  },
  {
    address: 0x0156,
    type: 'float32',
    name: '30343 Total active energy (kWh, import + export)',
    value: (s) => s.energyImportWh + s.energyExportWh,
    scale: 1000,
  },
];

export const sdm72dmTable = entryTable('sdm72d-m', 'inputRegisters', ENTRIES);
