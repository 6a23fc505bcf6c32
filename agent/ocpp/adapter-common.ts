// What the 1.6 and 2.x adapters share: the station's identity for BootNotification and the gate while a boot is Rejected.

import type { StationCore } from '../core/station/station-core.js';
import { RpcError } from './rpc-errors.js';

export interface StationIdentity {
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
}

/** B03.FR.08: while the boot is Rejected every CSMS request is answered with CALLERROR SecurityError. */
export function refuseWhileRejected(core: Pick<StationCore, 'acceptsRequests'>): void {
  if (!core.acceptsRequests()) throw new RpcError('SecurityError', 'the BootNotification was Rejected; no requests are handled until it is Accepted');
}
