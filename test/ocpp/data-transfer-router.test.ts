// DataTransfer routing: each block registers its vendorId; vendorIds compare case-insensitively; any other is UnknownVendorId.

import { describe, expect, it } from 'vitest';
import { DataTransferRouter } from '../../agent/ocpp/data-transfer-router.js';

type Req = { vendorId: string; messageId?: string };
type Res = { status: string };

describe('DataTransfer router', () => {
  const router = () => new DataTransferRouter<Req, Res>(() => ({ status: 'UnknownVendorId' }));

  it('sends a DataTransfer to the handler of its vendorId, whatever its case', () => {
    const r = router();
    r.register('org.openchargealliance.costmsg', (req) => ({ status: `costmsg ${req.messageId}` }));
    r.register('cloud.charging.open', () => ({ status: 'payments' }));
    expect(r.handle({ vendorId: 'org.OpenChargeAlliance.costmsg', messageId: 'RunningCost' })).toEqual({ status: 'costmsg RunningCost' });
    expect(r.handle({ vendorId: 'cloud.charging.open' })).toEqual({ status: 'payments' });
  });

  it('answers UnknownVendorId for a vendorId no block registered', () => {
    expect(router().handle({ vendorId: 'com.example' })).toEqual({ status: 'UnknownVendorId' });
  });

  it('refuses a second handler for the same vendorId', () => {
    const r = router();
    r.register('a.b', () => ({ status: 'x' }));
    expect(() => r.register('A.B', () => ({ status: 'y' }))).toThrow(/twice/);
  });
});
