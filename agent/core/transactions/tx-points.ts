// TxStartPoint / TxStopPoint (TxCtrlr): which conditions start a transaction and whose loss ends it.

/** The conditions this station can observe. ParkingBayOccupancy and DataSigned need hardware it does not have. */
export type TxPoint = 'EVConnected' | 'Authorized' | 'PowerPathClosed' | 'EnergyTransfer';
export const SUPPORTED_TX_POINTS: readonly TxPoint[] = ['EVConnected', 'Authorized', 'PowerPathClosed', 'EnergyTransfer'];

export interface TxConditions {
  evConnected: boolean;
  authorized: boolean;
  powerPathClosed: boolean;
  energyTransfer: boolean;
}

export function parseTxPoints(list: string): Set<TxPoint> {
  const out = new Set<TxPoint>();
  for (const item of list.split(',').map((s) => s.trim())) {
    if ((SUPPORTED_TX_POINTS as readonly string[]).includes(item)) out.add(item as TxPoint);
  }
  return out;
}

function holds(p: TxPoint, c: TxConditions): boolean {
  switch (p) {
    case 'EVConnected':
      return c.evConnected;
    case 'Authorized':
      return c.authorized;
    case 'PowerPathClosed':
      return c.powerPathClosed;
    case 'EnergyTransfer':
      return c.energyTransfer;
  }
}

/** A transaction starts when any condition of TxStartPoint holds. */
export function shouldStart(points: Set<TxPoint>, c: TxConditions): boolean {
  return [...points].some((p) => holds(p, c));
}

/**
 * A transaction ends when any condition of TxStopPoint no longer holds. EnergyTransfer and
 * PowerPathClosed only count once they have held during the transaction (`seen`), so a
 * transaction that starts before the contactor closes is not ended at once.
 */
export function shouldStop(points: Set<TxPoint>, c: TxConditions, seen: TxConditions): boolean {
  return [...points].some((p) => holds(p, seen) && !holds(p, c));
}
