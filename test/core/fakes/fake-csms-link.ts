// A CsmsLink that records every message the core sends and answers from values the test sets.

import type { ConnectorStatus } from '../../../agent/core/evse/connector-status.js';
import type { BootAnswer, BootReason, CsmsLink, OcppProtocol } from '../../../agent/core/station/csms-link.js';
import type { IdToken, MeterSample, TxEvent, TxEventAck } from '../../../agent/core/transactions/tx-types.js';

export class FakeCsmsLink implements CsmsLink {
  readonly boots: BootReason[] = [];
  readonly statuses: Array<{ evseId: number; connectorId: number; status: ConnectorStatus }> = [];
  readonly txEvents: TxEvent[] = [];
  readonly meterValueCalls: Array<{ evseId: number; sample: MeterSample }> = [];
  readonly authorizations: IdToken[] = [];
  heartbeats = 0;
  bootAnswer: BootAnswer = { status: 'Accepted', intervalS: 300, currentTime: new Date(0).toISOString() };
  authorizeAnswer: { status: string; tariff?: unknown } = { status: 'Accepted' };
  txAck: TxEventAck = {};

  constructor(readonly protocol: OcppProtocol = 'ocpp2.1') {}

  bootNotification(reason: BootReason): Promise<BootAnswer> {
    this.boots.push(reason);
    return Promise.resolve(this.bootAnswer);
  }

  heartbeat(): Promise<{ currentTime: string }> {
    this.heartbeats++;
    return Promise.resolve({ currentTime: new Date(0).toISOString() });
  }

  statusNotification(evseId: number, connectorId: number, status: ConnectorStatus): Promise<void> {
    this.statuses.push({ evseId, connectorId, status });
    return Promise.resolve();
  }

  transactionEvent(event: TxEvent): Promise<TxEventAck> {
    this.txEvents.push(event);
    return Promise.resolve(this.txAck);
  }

  meterValues(evseId: number, sample: MeterSample): Promise<void> {
    this.meterValueCalls.push({ evseId, sample });
    return Promise.resolve();
  }

  authorize(idToken: IdToken): Promise<{ status: string; tariff?: unknown }> {
    this.authorizations.push(idToken);
    return Promise.resolve(this.authorizeAnswer);
  }
}
