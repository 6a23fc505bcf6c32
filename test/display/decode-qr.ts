// Test helper: decodes a QR code from PNG bytes (a browser screenshot or a written display image) with jsqr.

import jsQRModule, { type Options, type QRCode } from 'jsqr';
import { PNG } from 'pngjs';

type Decode = (data: Uint8ClampedArray, width: number, height: number, options?: Options) => QRCode | null;
// jsqr is CommonJS with an `exports.default`: under NodeNext the default import is the module object.
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode));

/** The text of the QR code in the image, or undefined when none is found. */
export function decodeQrPng(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height, { inversionAttempts: 'dontInvert' });
  return found?.data;
}
