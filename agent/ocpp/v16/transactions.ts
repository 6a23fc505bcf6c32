// OCPP 1.6 transactions (Core and Remote Trigger profiles): Authorize, ClearCache, Remote Start/Stop, TriggerMessage, Start/StopTransaction.

import type { TxEvent, TxEventAck } from '../../core/transactions/tx-types.js';
import type { LinkPart, V16Handlers } from './v16-handlers.js';
import { sendV16TxEvent, type V16TransactionsOptions } from './v16-transactions.js';

export function v16Transactions(h: V16Handlers): LinkPart {
  const { rpc, core, ids, status, logger: log } = h;
  const txOptions: V16TransactionsOptions = {
    rpc,
    ids,
    logger: log,
    messageTimeoutMs: () => h.messageTimeoutMs(),
    startOf: (uuid) => {
      const evse = core.evseWithTransaction(uuid);
      const tx = evse?.transaction();
      return evse && tx ? { meterStartWh: tx.startEnergyWh, startedAt: new Date(tx.startedAt).toISOString(), evseId: evse.evseId } : undefined;
    },
  };

  rpc.handle('RemoteStartTransaction', async (req) => {
    h.gate();
    if (req.chargingProfile) log.warn('RemoteStartTransaction carries a chargingProfile; ignored (no Smart Charging profile)');
    const r = await core.requestStart(req.connectorId, { idToken: req.idTag, type: 'Central' }, 0);
    if (r.status !== 'Accepted') log.info({ connectorId: req.connectorId, reason: r.reason }, 'RemoteStartTransaction rejected');
    return { status: r.status };
  });

  rpc.handle('RemoteStopTransaction', async (req) => {
    h.gate();
    const uuid = ids.uuidOf(req.transactionId);
    if (uuid === undefined) return { status: 'Rejected' as const };
    return { status: await core.requestStop(uuid) };
  });

  rpc.handle('TriggerMessage', async (req) => {
    h.gate();
    const what = req.requestedMessage;
    if (what !== 'BootNotification' && what !== 'Heartbeat' && what !== 'StatusNotification' && what !== 'MeterValues') {
      return { status: 'NotImplemented' as const };
    }
    // StatusNotification: connectorId 0 asks for the Charge Point's own status, none for it and every connector (1.6 §5.17)
    if (what === 'StatusNotification' && (req.connectorId === 0 || req.connectorId === undefined)) {
      if (!core.online()) return { status: 'Rejected' as const };
      setImmediate(() => void status.sendStation(true).catch((err: unknown) => log.warn({ err }, 'StatusNotification (connector 0) failed')));
      if (req.connectorId === 0) return { status: 'Accepted' as const };
    }
    const evseId = req.connectorId === undefined || req.connectorId === 0 ? undefined : req.connectorId;
    if (what === 'StatusNotification') status.force(evseId === undefined ? core.evses.map((e) => e.evseId) : [evseId]);
    const ok = await core.trigger(what, evseId);
    return { status: ok ? ('Accepted' as const) : ('Rejected' as const) };
  });

  rpc.handle('ClearCache', () => {
    h.gate();
    // No authorization cache is kept, so there is nothing left in it.
    return { status: 'Accepted' as const };
  });

  return {
    async authorize(idToken) {
      // 1.6 idTag: CiString20.
      const r = await rpc.call('Authorize', { idTag: idToken.idToken.slice(0, 20) });
      return { status: r.idTagInfo.status };
    },
    transactionEvent(event: TxEvent): Promise<TxEventAck> {
      return sendV16TxEvent(txOptions, event);
    },
  };
}
