// The energy meter as the core sees it: timestamped readings, staleness, fault and recovery events.

export type Phase = 'L1' | 'L2' | 'L3';

export interface PhaseReading {
  voltageV?: number;
  currentA?: number;
  powerW?: number;
}

/** One reading. Energy in Wh, power in W, time in ms since epoch. Every field present was read from the device. */
export interface MeterReading {
  /** When the device answered (the end of the read). */
  timestamp: number;
  /** Imported active energy register (the value a transaction is billed from). */
  energyImportWh: number;
  energyExportWh?: number;
  /** Total active power; positive = import. */
  powerW: number;
  frequencyHz?: number;
  phases: Partial<Record<Phase, PhaseReading>>;
  /** True on the first reading accepted after an energy register jump (a discontinuity a bill must not span). */
  discontinuity?: boolean;
}

export type MeterFaultKind = 'timeout' | 'crc' | 'exception' | 'frame' | 'transport' | 'closed' | 'invalid-value' | 'implausible';

export interface MeterFault {
  kind: MeterFaultKind;
  message: string;
  /** Consecutive failed reads when the fault was raised. */
  failures: number;
}

export interface LatestReading {
  reading: MeterReading;
  /** True when the device has not given a good reading within its stale deadline. */
  stale: boolean;
}

export interface MeterEvents {
  reading: (reading: MeterReading) => void;
  /** Emitted once when the meter becomes faulted. */
  fault: (fault: MeterFault) => void;
  /** Emitted once when a faulted meter gives a good reading again. */
  recovered: (reading: MeterReading) => void;
}

export interface Meter {
  readonly id: string;
  /** Reads the device now. Rejects with a MeterReadError; never resolves with a filler value. */
  read(): Promise<MeterReading>;
  /** The last good reading, or undefined when there has been none. */
  latest(): LatestReading | undefined;
  /** The current fault, or undefined when the meter is healthy. */
  readonly fault: MeterFault | undefined;
  /** Starts polling every `intervalMs` (replacing any earlier interval). */
  start(intervalMs: number): void;
  stop(): void;
  on<E extends keyof MeterEvents>(event: E, listener: MeterEvents[E]): this;
  off<E extends keyof MeterEvents>(event: E, listener: MeterEvents[E]): this;
}

export class MeterReadError extends Error {
  constructor(
    readonly kind: MeterFaultKind,
    message: string,
  ) {
    super(message);
    this.name = 'MeterReadError';
  }
}
