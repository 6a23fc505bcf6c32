// The contactor as the core sees it: open, close, commanded and fed-back state, faults.

export type ContactorPosition = 'open' | 'closed';

export type ContactorFaultKind =
  /** Commanded open, feedback stayed (or went) closed: the contacts are welded. */
  | 'welded'
  /** Commanded closed, feedback did not follow within the deadline. */
  | 'failed-to-close'
  /** Commanded closed, feedback went open by itself. */
  | 'opened-unexpectedly'
  /** The relay module does not answer. */
  | 'no-answer';

export interface ContactorFault {
  kind: ContactorFaultKind;
  message: string;
}

export interface ContactorStatus {
  commanded: ContactorPosition;
  /** 'none' when there is no auxiliary contact; 'unknown' until the first feedback read. */
  feedback: ContactorPosition | 'none' | 'unknown';
  fault: ContactorFault | undefined;
}

export interface ContactorEvents {
  /** Emitted once when a fault appears. */
  fault: (fault: ContactorFault) => void;
  /** Emitted once when the fault condition is gone (feedback agrees with the command, the device answers). */
  recovered: () => void;
  change: (status: ContactorStatus) => void;
}

export interface Contactor {
  readonly id: string;
  /**
   * Closes and resolves when the feedback confirms it (at once after the write when there is no
   * feedback). Rejects with ContactorError if faulted, on no answer, or if the feedback does not follow
   * in time (the contactor is then commanded open again).
   */
  close(): Promise<void>;
  /** Opens and resolves when the feedback confirms it; rejects with ContactorError when it stays closed (welded). */
  open(): Promise<void>;
  status(): ContactorStatus;
  /** Reads the feedback now and checks it against the command. */
  refresh(): Promise<ContactorStatus>;
  /** Starts supervising the feedback every `intervalMs`. */
  start(intervalMs: number): void;
  stop(): void;
  on<E extends keyof ContactorEvents>(event: E, listener: ContactorEvents[E]): this;
  off<E extends keyof ContactorEvents>(event: E, listener: ContactorEvents[E]): this;
}

export class ContactorError extends Error {
  constructor(readonly fault: ContactorFault) {
    super(fault.message);
    this.name = 'ContactorError';
  }
}
