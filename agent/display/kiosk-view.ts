// What the kiosk page receives per EVSE: the display state turned into text lines and ready-to-show QR images.

import type { Logger } from 'pino';
import type { EvseDisplayState } from '../core/display/display-state.js';
import { extraMessage, receiptUrl, scannableQr, screenText, type ScreenText } from './display-text.js';
import { qrSvgDataUrl } from './qr-image.js';

/** A code the page shows: the encoded URL and the image (an SVG data: URL). */
export interface KioskCode {
  url: string;
  image: string;
  /** ms since epoch when a payment code stops being current; absent for the receipt. */
  validUntil?: number;
}

/** The EVSE's screen text (title: the phase's headline, e.g. "Scan to pay and charge") with the codes as images. */
export interface KioskView extends ScreenText {
  message?: string;
  /** The payment code: only in phase 'available' with a code. */
  qr?: KioskCode;
  /** The receipt link: only in phase 'finished' when the CSMS gave one. */
  receipt?: KioskCode;
}

/** Renders QR images for views, keeping the last few (a code is shown on several screens and in snapshots). */
export class KioskViewBuilder {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly logger: Logger,
    private readonly cacheSize = 32,
  ) {}

  view(state: EvseDisplayState): KioskView {
    const view: KioskView = screenText(state);
    let message = extraMessage(state);
    const qr = scannableQr(state);
    if (qr) {
      const image = this.image(qr.url, qr.errorCorrection, state.evseId);
      if (image) view.qr = { url: qr.url, image, validUntil: qr.validUntil };
      else message = 'Payment code unavailable';
    }
    const receipt = receiptUrl(state);
    if (receipt) {
      const image = this.image(receipt, 'M', state.evseId);
      if (image) view.receipt = { url: receipt, image };
    }
    if (message !== undefined) view.message = message;
    return view;
  }

  private image(url: string, ec: 'L' | 'M' | 'Q' | 'H', evseId: number): string | undefined {
    const key = `${ec}|${url}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    try {
      const image = qrSvgDataUrl(url, ec);
      this.cache.set(key, image);
      if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
      return image;
    } catch (err) {
      this.logger.error({ evseId, err }, 'display: cannot render a QR code; showing no code');
      return undefined;
    }
  }
}
