// QR codes for the displays: the module matrix from `qrcode`, rendered synchronously as SVG (kiosk) with a wide quiet zone.

import QRCode from 'qrcode';
import type { QrErrorCorrection } from '../core/display/display-state.js';

/** Quiet zone around the symbol, in modules. The standard asks for 4; phones read more reliably with it. */
export const QUIET_ZONE_MODULES = 4;

/** A QR symbol as a square matrix of dark (true) / light (false) modules, without the quiet zone. */
export interface QrMatrix {
  /** Modules per side (21 for version 1 … 177 for version 40). */
  size: number;
  /** True when module (row, col) is dark; row and col 0-based, out-of-range reads false. */
  dark(row: number, col: number): boolean;
}

/**
 * Encodes `text` at the given error-correction level (WebPaymentsCtrlr.QRCodeQuality).
 * Throws an Error naming the length and level when the text does not fit a QR symbol.
 */
export function qrMatrix(text: string, errorCorrection: QrErrorCorrection): QrMatrix {
  let code: QRCode.QRCode;
  try {
    code = QRCode.create(text, { errorCorrectionLevel: errorCorrection });
  } catch (err) {
    throw new Error(`cannot encode ${text.length} characters as a QR code at error correction ${errorCorrection}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const size = code.modules.size;
  const bits = code.modules.data;
  return {
    size,
    dark: (row, col) => row >= 0 && col >= 0 && row < size && col < size && bits[row * size + col] === 1,
  };
}

/** The symbol as an SVG document: one unit per module, a white quiet zone of QUIET_ZONE_MODULES, crisp edges (scales to any size). */
export function qrSvg(text: string, errorCorrection: QrErrorCorrection): string {
  const m = qrMatrix(text, errorCorrection);
  const total = m.size + 2 * QUIET_ZONE_MODULES;
  let d = '';
  for (let row = 0; row < m.size; row++) {
    for (let col = 0; col < m.size; col++) {
      if (m.dark(row, col)) d += `M${col + QUIET_ZONE_MODULES} ${row + QUIET_ZONE_MODULES}h1v1h-1z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges">` +
    `<rect width="${total}" height="${total}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

/** qrSvg as a data: URL for an <img>. */
export function qrSvgDataUrl(text: string, errorCorrection: QrErrorCorrection): string {
  return `data:image/svg+xml;base64,${Buffer.from(qrSvg(text, errorCorrection), 'utf8').toString('base64')}`;
}
