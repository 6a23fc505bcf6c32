// Terminal rendering of one EVSE's display state (CLI `qr show`, the demo): name, phase, price or session figures, and the QR code in block characters.

import QRCode from 'qrcode';
import type { EvseDisplayState } from '../core/display/display-state.js';
import { extraMessage, phaseLines, phaseTitle, receiptUrl, scannableQr } from './display-text.js';

export interface TerminalRenderOptions {
  /** Draw the QR code (default true). Off for a text-only line, e.g. in logs. */
  qr?: boolean;
  /** ms since epoch, for "valid for N s" (default Date.now()). */
  now?: number;
}

/**
 * The state as terminal text. The QR uses half-block characters (two modules per character row),
 * dark modules on a light quiet zone, so a phone can scan it from a terminal with a dark background.
 */
export async function renderTerminal(state: EvseDisplayState, o: TerminalRenderOptions = {}): Promise<string> {
  const now = o.now ?? Date.now();
  const out: string[] = [];
  out.push(`${state.name}  (EVSE ${state.evseId}, connector ${state.connectorId})`);
  out.push(phaseTitle(state));
  const message = extraMessage(state);
  if (message) out.push(message);
  const lines = phaseLines(state);
  const width = Math.max(0, ...lines.map((l) => l.label.length));
  for (const l of lines) out.push(`  ${l.label.padEnd(width)}  ${l.value}`);
  const qr = scannableQr(state);
  const receipt = receiptUrl(state);
  if (o.qr !== false) {
    if (qr) {
      out.push(await qrBlock(qr.url, qr.errorCorrection));
      const left = Math.max(0, Math.round((qr.validUntil - now) / 1000));
      out.push(`${qr.url}`);
      out.push(`error correction ${qr.errorCorrection}; code valid for ${left} s more`);
    } else if (receipt) {
      out.push('Receipt:');
      out.push(await qrBlock(receipt, 'M'));
      out.push(receipt);
    }
  } else if (qr) {
    out.push(`  code: ${qr.url}`);
  } else if (receipt) {
    out.push(`  receipt: ${receipt}`);
  }
  return out.join('\n') + '\n';
}

async function qrBlock(text: string, ec: 'L' | 'M' | 'Q' | 'H'): Promise<string> {
  try {
    return (await QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: ec, margin: 2 })).replace(/\n+$/, '');
  } catch (err) {
    return `(cannot draw the QR code: ${err instanceof Error ? err.message : String(err)})`;
  }
}
