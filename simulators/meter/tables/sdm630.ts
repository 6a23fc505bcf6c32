// Simulator register table of the Eastron SDM630-Modbus V2 three-phase meter (input registers, float32).

import { entryTable, notModelled, phase, phaseMean, phaseSum, type RegisterEntry } from './write-entries.js';

/*
 * Source: Eastron SDM630-Modbus V2 user manual (B+G e-tech / Eastron), section 1.2 "Input register",
 * table 1.2.1 "SDM630Modbus Input Registers" (function code 04; each parameter is an IEEE-754 float in two
 * consecutive registers, high word first). The register numbers there are 3xxxx, the "Modbus Protocol Start
 * Address Hex" column gives the address on the wire (30001 -> 0x0000), which is what this table uses.
 *
 * Served: the contiguous measurement block 30001..30076 (0x0000..0x004B) plus Total kWh 30343 (0x0156).
 * Inside that block, only the parameters the table lists are served; register pairs it does not list
 * (0x002C, 0x0032, 0x0036, 0x003A, 0x0040, 0x0044) are left unset and answer exception 2.
 * Listed quantities SimMeterState does not model (VA, VAr, power factor, phase angle) read 0.
 */
const ENTRIES: readonly RegisterEntry[] = [
  { address: 0x0000, type: 'float32', name: '30001 Phase 1 line to neutral volts (V)', value: phase(0, 'voltageV') },
  { address: 0x0002, type: 'float32', name: '30003 Phase 2 line to neutral volts (V)', value: phase(1, 'voltageV') },
  { address: 0x0004, type: 'float32', name: '30005 Phase 3 line to neutral volts (V)', value: phase(2, 'voltageV') },
  { address: 0x0006, type: 'float32', name: '30007 Phase 1 current (A)', value: phase(0, 'currentA') },
  { address: 0x0008, type: 'float32', name: '30009 Phase 2 current (A)', value: phase(1, 'currentA') },
  { address: 0x000a, type: 'float32', name: '30011 Phase 3 current (A)', value: phase(2, 'currentA') },
  { address: 0x000c, type: 'float32', name: '30013 Phase 1 power (W)', value: phase(0, 'powerW') },
  { address: 0x000e, type: 'float32', name: '30015 Phase 2 power (W)', value: phase(1, 'powerW') },
  { address: 0x0010, type: 'float32', name: '30017 Phase 3 power (W)', value: phase(2, 'powerW') },
  { address: 0x0012, type: 'float32', name: '30019 Phase 1 volt amps (VA)', value: notModelled },
  { address: 0x0014, type: 'float32', name: '30021 Phase 2 volt amps (VA)', value: notModelled },
  { address: 0x0016, type: 'float32', name: '30023 Phase 3 volt amps (VA)', value: notModelled },
  { address: 0x0018, type: 'float32', name: '30025 Phase 1 volt amps reactive (VAr)', value: notModelled },
  { address: 0x001a, type: 'float32', name: '30027 Phase 2 volt amps reactive (VAr)', value: notModelled },
  { address: 0x001c, type: 'float32', name: '30029 Phase 3 volt amps reactive (VAr)', value: notModelled },
  { address: 0x001e, type: 'float32', name: '30031 Phase 1 power factor', value: notModelled },
  { address: 0x0020, type: 'float32', name: '30033 Phase 2 power factor', value: notModelled },
  { address: 0x0022, type: 'float32', name: '30035 Phase 3 power factor', value: notModelled },
  { address: 0x0024, type: 'float32', name: '30037 Phase 1 phase angle (degrees)', value: notModelled },
  { address: 0x0026, type: 'float32', name: '30039 Phase 2 phase angle (degrees)', value: notModelled },
  { address: 0x0028, type: 'float32', name: '30041 Phase 3 phase angle (degrees)', value: notModelled },
  { address: 0x002a, type: 'float32', name: '30043 Average line to neutral volts (V)', value: phaseMean('voltageV') },
  { address: 0x002e, type: 'float32', name: '30047 Average line current (A)', value: phaseMean('currentA') },
  { address: 0x0030, type: 'float32', name: '30049 Sum of line currents (A)', value: phaseSum('currentA') },
  { address: 0x0034, type: 'float32', name: '30053 Total system power (W)', value: (s) => s.powerW },
  { address: 0x0038, type: 'float32', name: '30057 Total system volt amps (VA)', value: notModelled },
  { address: 0x003c, type: 'float32', name: '30061 Total system VAr (VAr)', value: notModelled },
  { address: 0x003e, type: 'float32', name: '30063 Total system power factor', value: notModelled },
  { address: 0x0042, type: 'float32', name: '30067 Total system phase angle (degrees)', value: notModelled },
  { address: 0x0046, type: 'float32', name: '30071 Frequency of supply voltages (Hz)', value: (s) => s.frequencyHz },
  {
    address: 0x0048,
    type: 'float32',
    name: '30073 Total import kWh',
    value: (s) => s.energyImportWh,
    scale: 1000,
  },
  {
    address: 0x004a,
    type: 'float32',
    name: '30075 Total export kWh',
    value: (s) => s.energyExportWh,
    scale: 1000,
  },
  {
    address: 0x0156,
    type: 'float32',
    name: '30343 Total kWh (import + export)',
    value: (s) => s.energyImportWh + s.energyExportWh,
    scale: 1000,
  },
];

export const sdm630Table = entryTable('sdm630', 'inputRegisters', ENTRIES);
