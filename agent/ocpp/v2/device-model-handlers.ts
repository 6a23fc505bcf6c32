// OCPP 2.x GetVariables, SetVariables and GetBaseReport (with NotifyReport) over the version-neutral device model.

import type { Logger } from 'pino';
import type { DeviceModel } from '../../core/device-model/device-model.js';
import { DM } from '../../core/device-model/keys.js';
import { settingsOf } from '../../core/device-model/settings.js';
import type { ComponentRef } from '../../core/device-model/variable-key.js';
import type { RpcConnection } from '../rpc-connection.js';
import type { ComponentType, ReportDataType, VariableType } from '../../core/types/v21.js';

export interface DeviceModelHandlerOptions {
  rpc: RpcConnection<'ocpp2.0.1'> | RpcConnection<'ocpp2.1'>;
  deviceModel: DeviceModel;
  logger: Logger;
  /** Called after a SetVariables was Accepted for a key (e.g. to restart the heartbeat). */
  onChanged?: (component: string, variable: string) => void;
  /** Called first for every request; throws an RpcError to refuse it (SecurityError while the boot is Rejected). */
  gate?: () => void;
  /** Checks a value before it is set (rules spanning several variables, e.g. WebPaymentsCtrlr); a reason rejects it. */
  precheck?: (component: ComponentRef, variable: string, value: string) => { code: string; additionalInfo?: string } | undefined;
}


const component = (c: ComponentType) => ({
  name: c.name,
  ...(c.instance !== undefined ? { instance: c.instance } : {}),
  ...(c.evse ? { evse: { id: c.evse.id, ...(c.evse.connectorId !== undefined ? { connectorId: c.evse.connectorId } : {}) } } : {}),
});
const variable = (v: VariableType) => ({ name: v.name, ...(v.instance !== undefined ? { instance: v.instance } : {}) });
const statusInfo = (r: { code: string; additionalInfo?: string } | undefined) =>
  r ? { attributeStatusInfo: { reasonCode: r.code.slice(0, 20), ...(r.additionalInfo ? { additionalInfo: r.additionalInfo.slice(0, 1024) } : {}) } } : {};

/** The answer for an item beyond DeviceDataCtrlr.ItemsPerMessage (the request itself is still answered). */
function tooMany(max: number, action: string): { status: 'Rejected'; reason: { code: string; additionalInfo: string } } {
  return { status: 'Rejected', reason: { code: 'TooManyElements', additionalInfo: `at most ${max} variables per ${action} (DeviceDataCtrlr.ItemsPerMessage)` } };
}

export function attachDeviceModelHandlers(o: DeviceModelHandlerOptions): void {
  const rpc = o.rpc as RpcConnection<'ocpp2.1'>;
  const dm = o.deviceModel;
  const settings = settingsOf(dm);

  rpc.handle('GetVariables', (req) => {
    o.gate?.();
    const max = settings.int(DM.ItemsPerGetVariables);
    return {
      // TC_B_08_CS: the items beyond ItemsPerMessage are answered Rejected (TooManyElements), the others as usual.
      getVariableResult: req.getVariableData.map((d, i) => {
        const type = d.attributeType ?? 'Actual';
        const r = i < max ? dm.get(component(d.component), variable(d.variable), type) : tooMany(max, 'GetVariables');
        return {
          attributeStatus: r.status,
          ...(d.attributeType ? { attributeType: d.attributeType } : {}),
          ...(r.status === 'Accepted' && r.value !== undefined ? { attributeValue: r.value.slice(0, 2500) } : {}),
          component: d.component,
          variable: d.variable,
          ...statusInfo(r.reason),
        };
      }) as [never, ...never[]],
    };
  });

  rpc.handle('SetVariables', (req) => {
    o.gate?.();
    const max = settings.int(DM.ItemsPerSetVariables);
    const results = req.setVariableData.map((d, i) => {
      const refused = i < max ? o.precheck?.(component(d.component), d.variable.name, d.attributeValue) : undefined;
      const r = i >= max ? tooMany(max, 'SetVariables') : refused ? { status: 'Rejected' as const, reason: refused } : dm.set(component(d.component), variable(d.variable), d.attributeValue, d.attributeType ?? 'Actual');
      if (r.status === 'Accepted') o.onChanged?.(d.component.name, d.variable.name);
      // Never echo the value: it may be a WriteOnly secret.
      o.logger.info({ component: d.component.name, variable: d.variable.name, status: r.status }, 'SetVariables');
      return {
        attributeStatus: r.status,
        ...(d.attributeType ? { attributeType: d.attributeType } : {}),
        component: d.component,
        variable: d.variable,
        ...statusInfo(r.reason),
      };
    });
    return { setVariableResult: results as [never, ...never[]] };
  });

  rpc.handle('GetBaseReport', (req) => {
    o.gate?.();
    const entries = dm.report(req.reportBase);
    if (entries.length === 0) return { status: 'EmptyResultSet' as const };
    const perMessage = Math.max(1, settings.int(DM.ItemsPerGetReport));
    const requestId = req.requestId;
    setImmediate(() => {
      void (async () => {
        const generatedAt = new Date().toISOString();
        for (let i = 0, seqNo = 0; i < entries.length; i += perMessage, seqNo++) {
          const part = entries.slice(i, i + perMessage) as unknown as ReportDataType[];
          const tbc = i + perMessage < entries.length;
          try {
            await rpc.call('NotifyReport', { requestId, generatedAt, seqNo, tbc, reportData: part as [ReportDataType, ...ReportDataType[]] });
          } catch (err) {
            o.logger.warn({ err, requestId, seqNo }, 'NotifyReport failed; report aborted');
            return;
          }
        }
      })();
    });
    return { status: 'Accepted' as const };
  });
}
