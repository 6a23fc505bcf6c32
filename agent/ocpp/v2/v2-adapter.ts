// OCPP 2.0.1 / 2.1 adapter: routes the CSMS's requests to the core and implements the core's CsmsLink; no business rules here.

import type { Logger } from 'pino';
import type { ConnectorStatus } from '../../core/evse/connector-status.js';
import type { BootAnswer, BootReason, CsmsLink } from '../../core/station/csms-link.js';
import type { StationCore } from '../../core/station/station-core.js';
import type { MeterSample, TxEvent, TxEventAck } from '../../core/transactions/tx-types.js';
import {
  checkNotifyWebPaymentStartedV21,
  parseWebPaymentDataTransfer,
  v2DataTransferResponse,
} from '../extensions/web-payments-datatransfer.js';
import type { WebPaymentNotification } from '../../core/payments/web-payment-notification.js';
import type { WebPaymentState } from '../../core/payments/web-payment-state.js';
import type { CsmsPriceInfo } from '../../core/pricing/california-display.js';
import {
  costFromTransactionEventResponse,
  costMsgV2Response,
  handleCostMsgDataTransfer,
  isCostMsgVendor,
  runningCostFromCostUpdated,
} from '../extensions/california-costmsg.js';
import type { RpcConnection } from '../rpc-connection.js';
import { RpcError } from '../rpc-errors.js';
import type { MeterValueType } from '../../core/types/v21.js';
import { transactionEventAck, transactionEventRequest, type V2Protocol } from './tx-event-message.js';

export interface StationIdentity {
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
}

export interface V2AdapterOptions {
  /** The connection; 2.0.1 and 2.1 share the message shapes this adapter uses, and every payload is schema-checked for the real protocol. */
  rpc: RpcConnection<'ocpp2.0.1'> | RpcConnection<'ocpp2.1'>;
  protocol: V2Protocol;
  core: StationCore;
  identity: StationIdentity;
  logger: Logger;
  /** Timeout of a TransactionEvent CALL, ms (OCPPCommCtrlr.MessageTimeout). */
  messageTimeoutMs: () => number;
  /** Web payments (QR codes): NotifyWebPaymentStarted (2.1) and the whitepaper's DataTransfer messages. */
  payments?: WebPaymentState;
  /** California pricing on 2.0.1: costmsg DataTransfers, CostUpdated and the cost in TransactionEventResponse. */
  csmsPrices?: CsmsPriceInfo;
}

/** B03.FR.08: while the boot is Rejected every CSMS request is answered with CALLERROR SecurityError. */
export function refuseWhileRejected(core: Pick<StationCore, 'acceptsRequests'>): void {
  if (!core.acceptsRequests()) throw new RpcError('SecurityError', 'the BootNotification was Rejected; no requests are handled until it is Accepted');
}

/** Registers the handlers on `rpc` and returns the link the core sends through. */
export function attachV2Adapter(o: V2AdapterOptions): CsmsLink {
  // The handled messages have the same shape in 2.0.1 and 2.1 (2.1 only adds optional fields).
  const rpc = o.rpc as RpcConnection<'ocpp2.1'>;
  const core = o.core;
  const gate = () => refuseWhileRejected(core);

  rpc.handle('RequestStartTransaction', async (req) => {
    gate();
    const r = await core.requestStart(req.evseId, { idToken: req.idToken.idToken, type: req.idToken.type }, req.remoteStartId);
    return {
      status: r.status,
      ...(r.transactionId ? { transactionId: r.transactionId } : {}),
      ...(r.reason ? { statusInfo: { reasonCode: 'Rejected', additionalInfo: r.reason.slice(0, 512) } } : {}),
    };
  });

  rpc.handle('RequestStopTransaction', async (req) => {
    gate();
    return { status: await core.requestStop(req.transactionId) };
  });

  rpc.handle('ChangeAvailability', async (req) => {
    gate();
    return { status: await core.changeAvailability(req.evse?.id, req.evse?.connectorId, req.operationalStatus === 'Operative') };
  });

  // 2.1's ImmediateAndResume (resume transactions across the reset) is not offered: answered Rejected.
  rpc.handle('Reset', (req) => {
    gate();
    return { status: req.type === 'ImmediateAndResume' ? 'Rejected' : core.reset(req.type, req.evseId) };
  });

  rpc.handle('GetTransactionStatus', (req) => {
    gate();
    return core.transactionStatus(req.transactionId);
  });

  rpc.handle('UnlockConnector', (req) => {
    gate();
    const r = core.unlockConnector(req.evseId, req.connectorId);
    return { status: r.status, ...(r.reason ? { statusInfo: { reasonCode: r.reason } } : {}) };
  });

  rpc.handle('TriggerMessage', async (req) => {
    gate();
    const supported = ['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'TransactionEvent'] as const;
    const what = req.requestedMessage;
    if (!(supported as readonly string[]).includes(what)) return { status: 'NotImplemented' as const };
    const ok = await core.trigger(what as (typeof supported)[number], req.evse?.id);
    return { status: ok ? ('Accepted' as const) : ('Rejected' as const) };
  });

  const isEvse = (id: number) => core.evse(id) !== undefined;
  const applyWebPayment = (n: WebPaymentNotification) => void o.payments?.apply(n);

  if (o.protocol === 'ocpp2.1' && o.payments) {
    rpc.handle('NotifyWebPaymentStarted', (req) => {
      gate();
      const check = checkNotifyWebPaymentStartedV21(req, isEvse);
      if (!check.ok) throw new RpcError(check.errorCode, check.description, { property: check.details.property });
      applyWebPayment({ kind: 'started', evseId: check.evseId, timeoutS: check.timeoutS });
      return {};
    });
  }

  // California pricing (org.openchargealliance.costmsg) is a 1.6/2.0.1 convention; 2.1 has tariffs of its own.
  const prices = o.protocol === 'ocpp2.0.1' ? o.csmsPrices : undefined;
  if (prices) {
    rpc.handle('CostUpdated', (req) => {
      gate();
      const parsed = runningCostFromCostUpdated(req);
      const applied = parsed.ok ? prices.apply(parsed.message) : parsed;
      // CostUpdatedResponse has no status: a cost that cannot be shown is only logged.
      if (!applied.ok) o.logger.warn({ tx: req.transactionId, reason: applied.additionalInfo }, 'CostUpdated not shown');
      return {};
    });
  }

  rpc.handle('DataTransfer', (req) => {
    gate();
    if (prices && isCostMsgVendor(req.vendorId)) {
      const outcome = handleCostMsgDataTransfer(req, 'ocpp2.0.1', prices);
      o.logger.info(
        { messageId: req.messageId, status: outcome.status, ...(outcome.status === 'Rejected' ? { reason: outcome.additionalInfo } : {}) },
        'California pricing DataTransfer',
      );
      return costMsgV2Response(outcome);
    }
    if (!o.payments) return { status: 'UnknownVendorId' as const };
    const outcome = parseWebPaymentDataTransfer(req, o.protocol, isEvse);
    if (outcome.status === 'Accepted') applyWebPayment(outcome.notification);
    return v2DataTransferResponse(outcome);
  });

  const link: CsmsLink = {
    protocol: o.protocol,
    async bootNotification(reason: BootReason): Promise<BootAnswer> {
      const r = await rpc.call('BootNotification', {
        reason,
        chargingStation: {
          vendorName: o.identity.vendor,
          model: o.identity.model,
          ...(o.identity.serialNumber ? { serialNumber: o.identity.serialNumber } : {}),
          ...(o.identity.firmwareVersion ? { firmwareVersion: o.identity.firmwareVersion } : {}),
        },
      });
      return { status: r.status, intervalS: r.interval, currentTime: r.currentTime };
    },
    async heartbeat() {
      return rpc.call('Heartbeat', {});
    },
    async statusNotification(evseId: number, connectorId: number, status: ConnectorStatus) {
      await rpc.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: status, evseId, connectorId });
    },
    async transactionEvent(event: TxEvent): Promise<TxEventAck> {
      const request = transactionEventRequest(event, o.protocol);
      const response = await rpc.call('TransactionEvent', request as Parameters<typeof rpc.call<'TransactionEvent'>>[1], {
        timeoutMs: o.messageTimeoutMs(),
      });
      if (prices) {
        const c = costFromTransactionEventResponse(event.eventType, event.transactionId, response);
        const applied = c?.ok ? prices.apply(c.message) : c;
        if (applied && !applied.ok) o.logger.warn({ tx: event.transactionId, reason: applied.additionalInfo }, 'cost in TransactionEventResponse not shown');
      }
      return transactionEventAck(response, o.protocol);
    },
    async authorize(idToken) {
      const r = await rpc.call('Authorize', { idToken: { idToken: idToken.idToken, type: idToken.type as 'Central' } });
      return { status: r.idTokenInfo.status, ...(o.protocol === 'ocpp2.1' && r.tariff ? { tariff: r.tariff } : {}) };
    },
    async meterValues(evseId: number, sample: MeterSample) {
      const meterValue: MeterValueType = {
        timestamp: sample.timestamp,
        sampledValue: sample.sampledValue.map((v) => ({
          value: v.value,
          measurand: v.measurand,
          context: v.context,
          ...(v.phase ? { phase: v.phase } : {}),
          unitOfMeasure: { unit: v.unit },
        })) as MeterValueType['sampledValue'],
      };
      await rpc.call('MeterValues', { evseId, meterValue: [meterValue] });
    },
  };
  o.logger.debug({ protocol: o.protocol }, 'OCPP 2.x adapter attached');
  return link;
}
