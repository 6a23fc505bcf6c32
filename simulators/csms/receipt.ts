// Prepaid arithmetic: energy a payment buys, cost rounded to the currency's minor unit, energy readings from meter values, receipts.

import type { MeterValueType, SampledValueType } from '../../agent/core/types/v21.js';
import type { PrepaidPayment, Receipt, TransactionRecord } from './csms-types.js';

/** Removes float noise (e.g. 2999.9999999999995 -> 3000) before rounding to whole units. */
function clean(x: number): number {
  return Number(x.toFixed(6));
}

/** Digits of the currency's minor unit (KES 2, INR 2, JPY 0, KWD 3); throws naming an unknown code. */
export function minorUnitDigits(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be an ISO 4217 code like "KES", got ${JSON.stringify(currency)}`);
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new RangeError(`currency ${currency} is not a known ISO 4217 code`);
  }
}

/** Energy an amount buys at `pricePerKwh`, in whole Wh rounded down (never more than was paid for). */
export function energyForAmountWh(amount: number, pricePerKwh: number): number {
  if (!(pricePerKwh > 0) || !Number.isFinite(pricePerKwh)) throw new RangeError(`price per kWh must be > 0, got ${pricePerKwh}`);
  if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError(`amount must be >= 0, got ${amount}`);
  return Math.floor(clean((amount * 1000) / pricePerKwh));
}

/** Cost of `energyWh` at `pricePerKwh`, rounded half-up to the currency's minor unit. */
export function costOfEnergy(energyWh: number, pricePerKwh: number, currency: string): number {
  const digits = minorUnitDigits(currency);
  const minor = Math.round(clean((Math.max(0, energyWh) * pricePerKwh * 10 ** digits) / 1000));
  return minor / 10 ** digits;
}

/** `amount` rounded to the currency's minor unit (what can actually be paid or refunded). */
export function roundToMinor(amount: number, currency: string): number {
  const digits = minorUnitDigits(currency);
  return Math.round(clean(amount * 10 ** digits)) / 10 ** digits;
}

/** Wh value of an energy sampled value (unit Wh by default; kWh and the multiplier are applied). */
function toWh(sv: SampledValueType): number | undefined {
  const unit = sv.unitOfMeasure?.unit ?? 'Wh';
  const mult = 10 ** (sv.unitOfMeasure?.multiplier ?? 0);
  if (unit === 'Wh') return sv.value * mult;
  if (unit === 'kWh') return sv.value * mult * 1000;
  return undefined;
}

/** A reading of the imported energy register found in meter values. */
export interface EnergyReading {
  wh: number;
  context: string;
  timestamp: string;
}

/**
 * Energy.Active.Import.Register readings (measurand absent = that register, OCPP default) of the whole meter
 * (no phase), in Wh, in the order given.
 */
export function energyReadings(meterValues: readonly MeterValueType[] | undefined): EnergyReading[] {
  const out: EnergyReading[] = [];
  for (const mv of meterValues ?? []) {
    for (const sv of mv.sampledValue) {
      if ((sv.measurand ?? 'Energy.Active.Import.Register') !== 'Energy.Active.Import.Register') continue;
      if (sv.phase !== undefined) continue;
      const wh = toWh(sv);
      if (wh !== undefined && Number.isFinite(wh)) out.push({ wh, context: sv.context ?? 'Sample.Periodic', timestamp: mv.timestamp });
    }
  }
  return out;
}

/** Energy delivered in a transaction, in Wh: end (or latest) register minus begin register; 0 when unknown. */
export function deliveredWh(tx: Pick<TransactionRecord, 'beginWh' | 'endWh' | 'lastWh'>): number {
  if (tx.beginWh === undefined) return 0;
  const end = tx.endWh ?? tx.lastWh;
  return end === undefined ? 0 : Math.max(0, clean(end - tx.beginWh));
}

/** The receipt settling `payment` against what `tx` delivered (tx undefined: nothing started, full refund). */
export function makeReceipt(payment: PrepaidPayment, pricePerKwh: number, tx: TransactionRecord | undefined): Receipt {
  const energyWh = tx ? deliveredWh(tx) : 0;
  // A prepaid session never costs more than was paid: energy past the limit (the contactor's opening time) is on the operator.
  const cost = Math.min(costOfEnergy(energyWh, pricePerKwh, payment.currency), payment.paid);
  const refund = Math.max(0, roundToMinor(payment.paid - cost, payment.currency));
  return {
    stationId: payment.stationId,
    ...(tx ? { transactionId: tx.transactionId } : {}),
    method: payment.method,
    reference: payment.reference,
    idToken: payment.idToken.idToken,
    currency: payment.currency,
    pricePerKwh,
    paid: payment.paid,
    energyWh,
    cost,
    refund,
    limitWh: payment.maxEnergyWh,
    ...(tx?.stoppedReason !== undefined ? { stoppedReason: tx.stoppedReason } : payment.startStatus && !tx ? { stoppedReason: `start ${payment.startStatus}` } : {}),
    ...(tx ? { startedAt: tx.startedAt } : {}),
    ...(tx?.endedAt !== undefined ? { endedAt: tx.endedAt } : {}),
  };
}

/** One readable line for a receipt (CLI output). */
export function formatReceipt(r: Receipt): string {
  const kwh = (r.energyWh / 1000).toFixed(3);
  return (
    `receipt ${r.reference} (${r.method}) station ${r.stationId}` +
    (r.transactionId ? ` tx ${r.transactionId}` : ' (no transaction)') +
    `: paid ${r.paid} ${r.currency}, delivered ${kwh} kWh at ${r.pricePerKwh} ${r.currency}/kWh = ${r.cost} ${r.currency}, ` +
    `refund ${r.refund} ${r.currency}` +
    (r.stoppedReason ? `, stopped: ${r.stoppedReason}` : '')
  );
}
