// Plain-text lines for one EVSE's display state (phase title, price, session figures, summary), shared by every display driver.

import type { DisplayPhase, EvseDisplayState } from '../core/display/display-state.js';

/** The headline for each phase, as a driver reads it at arm's length. */
export const PHASE_TITLE: Record<DisplayPhase, string> = {
  available: 'Scan to pay and charge',
  'payment-in-progress': 'Payment in progress…',
  charging: 'Charging',
  finished: 'Charging finished',
  unavailable: 'Not available',
  faulted: 'Out of order',
};

/** The headline for this state: the phase's title, except "Available" for a free EVSE without a payment code. */
export function phaseTitle(state: EvseDisplayState): string {
  if (state.phase === 'available' && !state.qr) return 'Available';
  return PHASE_TITLE[state.phase] ?? String(state.phase);
}

/** The state's message, unless it only repeats the headline (e.g. "Payment in progress…" twice). */
export function extraMessage(state: EvseDisplayState): string | undefined {
  const m = state.message?.trim();
  return m && m !== phaseTitle(state) ? m : undefined;
}

/** Energy in kWh with 2 decimals, e.g. "12.35 kWh". Non-finite or negative input shows as "–". */
export function formatEnergy(wh: number | undefined): string {
  if (wh === undefined || !Number.isFinite(wh) || wh < 0) return '–';
  return `${(wh / 1000).toFixed(2)} kWh`;
}

/** A duration as h:mm:ss or m:ss, e.g. "1:02:03", "4:05". */
export function formatDuration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s) || s < 0) return '–';
  const total = Math.floor(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** Power in kW with 1 decimal, e.g. "7.4 kW". */
export function formatPower(w: number | undefined): string {
  if (w === undefined || !Number.isFinite(w)) return '–';
  return `${(w / 1000).toFixed(1)} kW`;
}

/** An amount of money with 2 decimals and the currency, e.g. "125.00 KES"; without a currency just the number. */
export function formatMoney(amount: number | undefined, currency: string | undefined): string {
  if (amount === undefined || !Number.isFinite(amount)) return '–';
  return currency ? `${amount.toFixed(2)} ${currency}` : amount.toFixed(2);
}

/** One labelled figure: label and value as shown beside each other. */
export interface DisplayLine {
  label: string;
  value: string;
}

/** The price lines a driver must see before paying: per kWh, time fee, session fee, the tariff text and the currency. */
export function priceLines(state: EvseDisplayState): DisplayLine[] {
  const p = state.price;
  if (!p) return [];
  const lines: DisplayLine[] = [];
  if (p.perKwh) lines.push({ label: 'Energy', value: p.perKwh });
  if (p.time) lines.push({ label: 'Time', value: p.time });
  if (p.sessionFee) lines.push({ label: 'Session', value: p.sessionFee });
  if (p.text) lines.push({ label: 'Tariff', value: p.text });
  if (p.currency) lines.push({ label: 'Currency', value: p.currency });
  return lines;
}

/** The limit as text, e.g. "20.00 kWh", "1:00:00", "500.00 KES" (several joined with " / "); undefined without one. */
export function limitText(state: EvseDisplayState): string | undefined {
  const l = state.session?.limit;
  if (!l) return undefined;
  const parts: string[] = [];
  if (l.maxEnergyWh !== undefined) parts.push(formatEnergy(l.maxEnergyWh));
  if (l.maxTimeS !== undefined) parts.push(formatDuration(l.maxTimeS));
  if (l.maxCost !== undefined) parts.push(formatMoney(l.maxCost, state.price?.currency));
  return parts.length > 0 ? parts.join(' / ') : undefined;
}

/** What is left of the limit as text, joined like limitText; undefined when nothing is known. */
export function remainingText(state: EvseDisplayState): string | undefined {
  const r = state.session?.remaining;
  if (!r) return undefined;
  const parts: string[] = [];
  if (r.energyWh !== undefined) parts.push(formatEnergy(Math.max(0, r.energyWh)));
  if (r.timeS !== undefined) parts.push(formatDuration(Math.max(0, r.timeS)));
  if (r.cost !== undefined) parts.push(formatMoney(Math.max(0, r.cost), state.price?.currency));
  return parts.length > 0 ? parts.join(' / ') : undefined;
}

/** The running session's figures: energy, time, power, cost, limit, remaining. */
export function sessionLines(state: EvseDisplayState): DisplayLine[] {
  const s = state.session;
  if (!s) return [];
  const lines: DisplayLine[] = [
    { label: 'Energy', value: formatEnergy(s.energyWh) },
    { label: 'Time', value: formatDuration(s.elapsedS) },
  ];
  if (s.powerW !== undefined) lines.push({ label: 'Power', value: formatPower(s.powerW) });
  if (s.cost !== undefined) lines.push({ label: 'Cost', value: formatMoney(s.cost, state.price?.currency) });
  const limit = limitText(state);
  if (limit) lines.push({ label: 'Limit', value: limit });
  const left = remainingText(state);
  if (left) lines.push({ label: 'Left', value: left });
  return lines;
}

/** The finished session's totals. */
export function summaryLines(state: EvseDisplayState): DisplayLine[] {
  const s = state.summary;
  if (!s) return [];
  const lines: DisplayLine[] = [
    { label: 'Energy', value: formatEnergy(s.energyWh) },
    { label: 'Time', value: formatDuration(s.durationS) },
  ];
  if (s.totalCost !== undefined) lines.push({ label: 'Total', value: formatMoney(s.totalCost, state.price?.currency) });
  if (s.stoppedReason) lines.push({ label: 'Stopped', value: s.stoppedReason });
  return lines;
}

/** The figures for the state's phase: price when available, session while charging, totals when finished. */
export function phaseLines(state: EvseDisplayState): DisplayLine[] {
  switch (state.phase) {
    case 'available':
    case 'payment-in-progress':
      return priceLines(state);
    case 'charging':
      return sessionLines(state);
    case 'finished':
      return summaryLines(state);
    default:
      return [];
  }
}

/** The payment code to show, or undefined: only while available (never during payment-in-progress, whatever the state says). */
export function scannableQr(state: EvseDisplayState): EvseDisplayState['qr'] {
  return state.phase === 'available' ? state.qr : undefined;
}

/** The receipt link to show as a QR code, only once finished. */
export function receiptUrl(state: EvseDisplayState): string | undefined {
  return state.phase === 'finished' ? state.summary?.receiptUrl : undefined;
}

/** What every driver's output says about an EVSE: who it is, the phase, its headline and figures. */
export interface ScreenText {
  evseId: number;
  connectorId: number;
  name: string;
  phase: DisplayPhase;
  title: string;
  lines: DisplayLine[];
  updatedAt: number;
}

export function screenText(state: EvseDisplayState): ScreenText {
  return {
    evseId: state.evseId,
    connectorId: state.connectorId,
    name: state.name,
    phase: state.phase,
    title: phaseTitle(state),
    lines: phaseLines(state),
    updatedAt: state.updatedAt,
  };
}
