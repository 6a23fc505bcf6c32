// Writes each EVSE's display as a full-screen PNG (evse-<n>.png, replaced atomically) plus a JSON sidecar, for displays fed with image files.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { DisplaySource, EvseDisplayState } from '../core/display/display-state.js';
import { receiptUrl, scannableQr, screenText, type ScreenText } from './display-text.js';
import { renderScreenPng } from './png-screen.js';

export interface PngDisplayWriterOptions {
  source: DisplaySource;
  /** Directory for evse-<n>.png and evse-<n>.json (created if missing). */
  dir: string;
  /** Image size in pixels. Default 800x480. */
  width?: number;
  height?: number;
  logger?: Logger;
  /** Called after both files of an EVSE were replaced. */
  onWritten?: (evseId: number, pngPath: string) => void;
}

/** The JSON sidecar next to each PNG: the same content as text, for controllers that draw their own text. */
export interface PngSidecar extends ScreenText {
  message?: string;
  /** The encoded payment URL while a code is shown. */
  qrUrl?: string;
  /** ms since epoch when the shown code stops being current. */
  qrValidUntil?: number;
  receiptUrl?: string;
}

/**
 * Follows a DisplaySource and keeps <dir>/evse-<n>.png current: the whole screen (QR code at full
 * display height, name, phase, price or session figures) as an 8-bit grayscale PNG. Each file is
 * written to a temporary name and renamed, so a reader never sees half an image. Changes that come
 * faster than the disk are coalesced: only the newest state of an EVSE is written.
 */
export class PngDisplayWriter {
  private readonly source: DisplaySource;
  private readonly dir: string;
  private readonly width: number;
  private readonly height: number;
  private readonly logger: Logger;
  private readonly onWritten: ((evseId: number, pngPath: string) => void) | undefined;
  private readonly pending = new Map<number, EvseDisplayState>();
  private readonly running = new Map<number, Promise<void>>();
  private started = false;
  private readonly onChange = (state: EvseDisplayState): void => this.schedule(state);

  constructor(o: PngDisplayWriterOptions) {
    this.source = o.source;
    this.dir = o.dir;
    this.width = o.width ?? 800;
    this.height = o.height ?? 480;
    if (!Number.isInteger(this.width) || !Number.isInteger(this.height) || this.width < 64 || this.height < 64) {
      throw new Error(`PNG display: size ${this.width}x${this.height} is not an integer size of at least 64x64 px`);
    }
    this.logger = o.logger ?? pino({ level: 'silent' });
    this.onWritten = o.onWritten;
  }

  /** The image file of an EVSE. */
  pngPath(evseId: number): string {
    return join(this.dir, `evse-${evseId}.png`);
  }

  /** Creates the directory, writes every EVSE's current state and follows changes. */
  async start(): Promise<void> {
    if (this.started) return;
    await mkdir(this.dir, { recursive: true });
    this.started = true;
    this.source.on('change', this.onChange);
    for (const s of this.source.current()) this.schedule(s);
    await this.idle();
  }

  /** Stops following changes and waits for the writes under way. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.source.off('change', this.onChange);
    this.pending.clear();
    await this.idle();
  }

  /** Resolves when no write is pending or under way. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private schedule(state: EvseDisplayState): void {
    if (!this.started) return;
    this.pending.set(state.evseId, state);
    if (this.running.has(state.evseId)) return;
    const run = this.drain(state.evseId).finally(() => this.running.delete(state.evseId));
    this.running.set(state.evseId, run);
  }

  private async drain(evseId: number): Promise<void> {
    for (let state = this.pending.get(evseId); state; state = this.pending.get(evseId)) {
      this.pending.delete(evseId);
      try {
        await this.write(state);
      } catch (err) {
        this.logger.error({ err, evseId, dir: this.dir }, 'PNG display: cannot write the display image; the previous image stays');
      }
    }
  }

  private async write(state: EvseDisplayState): Promise<void> {
    const png = renderScreenPng(state, this.width, this.height);
    const qr = scannableQr(state);
    const receipt = receiptUrl(state);
    const sidecar: PngSidecar = screenText(state);
    if (state.message !== undefined) sidecar.message = state.message;
    if (qr) {
      sidecar.qrUrl = qr.url;
      sidecar.qrValidUntil = qr.validUntil;
    }
    if (receipt) sidecar.receiptUrl = receipt;
    const pngPath = this.pngPath(state.evseId);
    await replaceFile(pngPath, png);
    await replaceFile(join(this.dir, `evse-${state.evseId}.json`), JSON.stringify(sidecar, null, 2) + '\n');
    this.onWritten?.(state.evseId, pngPath);
  }
}

/** Writes `data` to a temporary file beside `path` and renames it over `path` (atomic on one filesystem). */
async function replaceFile(path: string, data: Buffer | string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
