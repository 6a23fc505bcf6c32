// Meter readings as the CLI prints them: one JSON object per line, or a table per measurand and phase.

import type { MeterReading, Phase, PhaseReading } from '../../../hal/meter/meter.js';

/** The reading as JSON: the HAL's MeterReading with the time also in ISO 8601. */
export function readingJson(r: MeterReading): string {
  return JSON.stringify({ time: new Date(r.timestamp).toISOString(), ...r });
}

const PHASES: Phase[] = ['L1', 'L2', 'L3'];

interface Row {
  measurand: string;
  phases?: (keyof PhaseReading)[];
  total?: number | undefined;
  unit: string;
  decimals: number;
}

function fmt(v: number | undefined, decimals: number): string {
  return v === undefined ? '-' : v.toFixed(decimals);
}

/** A human table: measurand, L1, L2, L3, total, unit. Quantities the meter does not have are left out. */
export function readingTable(r: MeterReading, title: string): string {
  const rows: Row[] = [
    { measurand: 'Energy import', total: r.energyImportWh / 1000, unit: 'kWh', decimals: 3 },
    { measurand: 'Energy export', total: r.energyExportWh === undefined ? undefined : r.energyExportWh / 1000, unit: 'kWh', decimals: 3 },
    { measurand: 'Power', phases: ['powerW'], total: r.powerW, unit: 'W', decimals: 1 },
    { measurand: 'Voltage', phases: ['voltageV'], unit: 'V', decimals: 1 },
    { measurand: 'Current', phases: ['currentA'], unit: 'A', decimals: 2 },
    { measurand: 'Frequency', total: r.frequencyHz, unit: 'Hz', decimals: 2 },
  ];
  const cells: string[][] = [['Measurand', ...PHASES, 'Total', 'Unit']];
  for (const row of rows) {
    const perPhase = PHASES.map((p) => (row.phases ? r.phases[p]?.[row.phases[0]!] : undefined));
    if (row.total === undefined && perPhase.every((v) => v === undefined)) continue;
    cells.push([
      row.measurand,
      ...perPhase.map((v) => (row.phases ? fmt(v, row.decimals) : '')),
      row.total === undefined ? '' : fmt(row.total, row.decimals),
      row.unit,
    ]);
  }
  const widths = cells[0]!.map((_, col) => Math.max(...cells.map((c) => c[col]!.length)));
  const lines = cells.map((c) =>
    c
      .map((cell, col) => (col === 0 || col === c.length - 1 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join('  ')
      .trimEnd(),
  );
  const flags = r.discontinuity ? ' (energy register discontinuity)' : '';
  return `${title} at ${new Date(r.timestamp).toISOString()}${flags}\n${lines.join('\n')}\n`;
}
