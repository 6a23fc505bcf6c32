// Draws one EVSE's display state as a full-screen grayscale image (QR code, name, phase, price or session figures) for displays fed with images.

import type { EvseDisplayState } from '../core/display/display-state.js';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph, toFontText } from './bitmap-font.js';
import { extraMessage, phaseLines, phaseTitle, receiptUrl, scannableQr } from './display-text.js';
import { createGrayImage, encodeGrayPng, fillRect, type GrayImage } from './png-encode.js';
import { qrMatrix, QUIET_ZONE_MODULES } from './qr-image.js';

const BLACK = 0;
const WHITE = 255;
const GREY = 80;

/** Width of one character cell at `scale` (glyph plus one column of spacing). */
const cellW = (scale: number) => (GLYPH_WIDTH + 1) * scale;

/** Draws `text` (font characters only) at (x, y) top-left, clipped to the image; returns the drawn width. */
function drawText(img: GrayImage, text: string, x: number, y: number, scale: number, value: number): number {
  let cx = x;
  for (const ch of text) {
    const g = glyph(ch);
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (g[row]![col]) fillRect(img, cx + col * scale, y + row * scale, scale, scale, value);
      }
    }
    cx += cellW(scale);
  }
  return cx - x;
}

/** Splits text into lines of at most `maxChars`, at spaces where possible; at most `maxLines` (the last one cut with "..."). */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
  const limit = Math.max(1, maxChars);
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let w = word;
    while (w.length > limit) {
      if (current) lines.push(current);
      current = '';
      lines.push(w.slice(0, limit));
      w = w.slice(limit);
    }
    if (!current) {
      current = w;
    } else if (current.length + 1 + w.length <= limit) {
      current += ' ' + w;
    } else {
      lines.push(current);
      current = w;
    }
  }
  if (current) lines.push(current);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    const last = kept[maxLines - 1]!;
    kept[maxLines - 1] = (last.length + 3 > limit ? last.slice(0, Math.max(0, limit - 3)) : last).trimEnd() + '...';
    return kept;
  }
  return lines;
}

/** Draws a QR symbol (with its quiet zone) into the square (x, y, side), modules as whole pixels, centred. */
function drawQr(img: GrayImage, text: string, ec: 'L' | 'M' | 'Q' | 'H', x: number, y: number, side: number): void {
  const m = qrMatrix(text, ec);
  const total = m.size + 2 * QUIET_ZONE_MODULES;
  const px = Math.floor(side / total);
  if (px < 1) throw new Error(`a ${m.size}-module QR code does not fit ${side} px`);
  fillRect(img, x, y, side, side, WHITE);
  const off = Math.floor((side - px * total) / 2) + QUIET_ZONE_MODULES * px;
  for (let row = 0; row < m.size; row++) {
    for (let col = 0; col < m.size; col++) {
      if (m.dark(row, col)) fillRect(img, x + off + col * px, y + off + row * px, px, px, BLACK);
    }
  }
}

/** Text flowing down a column: each block is wrapped to the column and drawn at its scale. */
class Column {
  constructor(
    private readonly img: GrayImage,
    private readonly x: number,
    public y: number,
    private readonly width: number,
  ) {}

  text(text: string, scale: number, maxLines: number, value = BLACK): void {
    for (const line of wrapText(toFontText(text), Math.floor(this.width / cellW(scale)), maxLines)) {
      if (this.y + GLYPH_HEIGHT * scale > this.img.height) return;
      drawText(this.img, line, this.x, this.y, scale, value);
      this.y += (GLYPH_HEIGHT + 2) * scale;
    }
  }

  /** White text on a black bar the width of the text. */
  banner(text: string, scale: number): void {
    const line = wrapText(toFontText(text), Math.floor((this.width - 2 * scale) / cellW(scale)), 1)[0] ?? '';
    const h = (GLYPH_HEIGHT + 2) * scale;
    if (this.y + h > this.img.height) return;
    fillRect(this.img, this.x, this.y, line.length * cellW(scale) + 2 * scale, h, BLACK);
    drawText(this.img, line, this.x + 2 * scale, this.y + scale, scale, WHITE);
    this.y += h + 2 * scale;
  }

  gap(px: number): void {
    this.y += px;
  }
}

/** The state drawn as a width x height grayscale image (default 800x480). */
export function renderScreen(state: EvseDisplayState, width = 800, height = 480): GrayImage {
  const img = createGrayImage(width, height, WHITE);
  const qr = scannableQr(state);
  const receipt = receiptUrl(state);
  const code = qr ? { url: qr.url, ec: qr.errorCorrection } : receipt ? { url: receipt, ec: 'M' as const } : undefined;
  const lines = phaseLines(state);
  const title = phaseTitle(state);
  const message = extraMessage(state);
  if (code) {
    const side = Math.min(height, Math.floor(width * 0.6));
    drawQr(img, code.url, code.ec, 0, Math.floor((height - side) / 2), side);
    const col = new Column(img, side + 12, 12, width - side - 24);
    col.text(state.name, 3, 2);
    col.gap(4);
    col.banner(qr ? 'Scan to pay' : 'Finished', 3);
    if (!qr) col.text('Scan for receipt', 2, 1, GREY);
    if (message) col.text(message, 2, 2);
    col.gap(6);
    for (const l of lines) {
      col.text(l.label, 2, 1, GREY);
      col.text(l.value, 3, 2);
      col.gap(4);
    }
  } else {
    const col = new Column(img, 16, 16, width - 32);
    col.text(state.name, 5, 1);
    col.gap(6);
    col.banner(title, 5);
    if (message) col.text(message, 4, 2);
    col.gap(8);
    const labelChars = Math.max(0, ...lines.map((l) => toFontText(l.label).length)) + 1;
    const valueX = 16 + labelChars * cellW(3);
    for (const l of lines) {
      if (col.y + GLYPH_HEIGHT * 5 > height) break;
      drawText(img, toFontText(l.label), 16, col.y + (GLYPH_HEIGHT * (5 - 3)) / 2, 3, GREY);
      const value = wrapText(toFontText(l.value), Math.floor((width - 16 - valueX) / cellW(5)), 1)[0] ?? '';
      drawText(img, value, valueX, col.y, 5, BLACK);
      col.gap((GLYPH_HEIGHT + 3) * 5);
    }
  }
  return img;
}

/** renderScreen as a PNG file. */
export function renderScreenPng(state: EvseDisplayState, width = 800, height = 480): Buffer {
  return encodeGrayPng(renderScreen(state, width, height));
}
