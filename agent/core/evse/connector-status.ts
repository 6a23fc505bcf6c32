// The connector status an EVSE reports (StatusNotification), derived from its state in one place.

export type ConnectorStatus = 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted';

export interface ConnectorFacts {
  faulted: boolean;
  /** Set Inoperative by ChangeAvailability (or the whole station). */
  operative: boolean;
  vehiclePresent: boolean;
  transactionOpen: boolean;
}

/**
 * Faulted wins (a device the station needs is broken); an ongoing transaction keeps the connector
 * Occupied even when it was made Inoperative (the change is scheduled until the transaction ends).
 */
export function connectorStatus(f: ConnectorFacts): ConnectorStatus {
  if (f.faulted) return 'Faulted';
  if (f.transactionOpen || f.vehiclePresent) return f.operative || f.transactionOpen ? 'Occupied' : 'Unavailable';
  return f.operative ? 'Available' : 'Unavailable';
}
