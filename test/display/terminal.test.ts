// Terminal rendering and `charger-agent qr show`: the text a technician sees, and a QR drawn in block characters that matches the encoded URL.

import { afterEach, describe, expect, it } from 'vitest';
import type { EvseDisplayState } from '../../agent/core/display/display-state.js';
import { qrCommand } from '../../agent/cli/commands/qr.js';
import type { CommandContext } from '../../agent/cli/context.js';
import { KioskServer } from '../../agent/display/kiosk-server.js';
import { qrMatrix } from '../../agent/display/qr-image.js';
import { renderTerminal } from '../../agent/display/terminal-renderer.js';
import { availableState, MemoryDisplaySource } from './display-source.js';

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * Reads the dark modules back from qrcode's small terminal output: each character holds two module
 * rows (█ both dark, ▀ top, ▄ bottom, space none), with a one-module light border around the symbol.
 */
function modulesFromTerminal(block: string, size: number): boolean[][] {
  const rows = stripAnsi(block).split('\n');
  const m: boolean[][] = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  rows.forEach((line, li) => {
    [...line].forEach((ch, ci) => {
      const x = ci - 1;
      const top = -1 + 2 * li;
      const set = (y: number, dark: boolean) => {
        if (x >= 0 && x < size && y >= 0 && y < size) m[y]![x] = dark;
      };
      set(top, ch === '█' || ch === '▀');
      set(top + 1, ch === '█' || ch === '▄');
    });
  });
  return m;
}

describe('renderTerminal', () => {
  it('available: name, connector, price lines, and a QR block whose modules are the encoded URL', async () => {
    const state = availableState(1, 'https://pay.example.com/p/CS-1/1?totp=Ab3dE5gH9k&v=v1', 1_000_030_000);
    const text = await renderTerminal(state, { now: 1_000_000_000 });
    expect(text).toContain('EVSE 1 · Type 2  (EVSE 1, connector 1)');
    expect(text).toContain('Scan to pay and charge');
    expect(text).toMatch(/Energy\s+25\.00 KES\/kWh/);
    expect(text).toMatch(/Session\s+10\.00 KES per session/);
    expect(text).toMatch(/Currency\s+KES/);
    expect(text).toContain('code valid for 30 s more');
    // The block lines are those with the terminal's colour codes.
    const block = text
      .split('\n')
      .filter((l) => l.includes('\x1b['))
      .join('\n');
    const expected = qrMatrix(state.qr!.url, 'M');
    const got = modulesFromTerminal(block, expected.size);
    let mismatches = 0;
    for (let y = 0; y < expected.size; y++) for (let x = 0; x < expected.size; x++) if (got[y]![x] !== expected.dark(y, x)) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('charging: energy, time, limit and what is left; no QR', async () => {
    const state: EvseDisplayState = {
      evseId: 2,
      connectorId: 1,
      name: 'EVSE 2',
      phase: 'charging',
      price: { currency: 'EUR' },
      session: { energyWh: 7_250, elapsedS: 3_725, powerW: 11_000, limit: { maxEnergyWh: 10_000, maxCost: 5 }, remaining: { energyWh: 2_750, cost: 1.25 }, cost: 3.75 },
      updatedAt: 0,
    };
    const text = await renderTerminal(state);
    for (const s of ['Charging', '7.25 kWh', '1:02:05', '11.0 kW', '3.75 EUR', '10.00 kWh / 5.00 EUR', '2.75 kWh / 1.25 EUR']) expect(text).toContain(s);
    expect(text).not.toContain('\x1b[');
  });

  it('payment in progress: the message and no code, even when the state still carries one', async () => {
    const state: EvseDisplayState = { ...availableState(1, 'https://pay.example.com/x'), phase: 'payment-in-progress', message: 'Payment in progress…' };
    const text = await renderTerminal(state);
    expect(text).toContain('Payment in progress…');
    expect(text).not.toContain('https://pay.example.com/x');
    expect(text).not.toContain('\x1b[');
  });

  it('finished: totals and the receipt link as a QR code', async () => {
    const text = await renderTerminal({
      evseId: 1,
      connectorId: 1,
      name: 'EVSE 1',
      phase: 'finished',
      price: { currency: 'KES' },
      summary: { energyWh: 12_000, durationS: 600, totalCost: 300, receiptUrl: 'https://csms.example/r/1' },
      updatedAt: 0,
    });
    expect(text).toContain('12.00 kWh');
    expect(text).toContain('300.00 KES');
    expect(text).toContain('Receipt:');
    expect(text).toContain('https://csms.example/r/1');
    expect(text).toContain('\x1b[');
  });
});

class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function ctx(signal = new AbortController().signal): CommandContext & { stdout: Capture; stderr: Capture } {
  return { stdout: new Capture(), stderr: new Capture(), signal, prog: 'charger-agent qr' };
}

describe('charger-agent qr show', () => {
  let server: KioskServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('fetches the running display state and renders one EVSE', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example.com/p/1?totp=ONE'), availableState(2, 'https://pay.example.com/p/2?totp=TWO')]);
    server = new KioskServer({ source, port: 0 });
    await server.listen();
    const c = ctx();
    expect(await qrCommand.run(['show', '--evse', '2', '--url', server.url], c)).toBe(0);
    expect(c.stdout.text).toContain('https://pay.example.com/p/2?totp=TWO');
    expect(c.stdout.text).not.toContain('totp=ONE');
    expect(c.stdout.text).toContain('EVSE 2 · Type 2');

    const j = ctx();
    expect(await qrCommand.run(['show', '--evse', '1', '--url', server.url, '--json'], j)).toBe(0);
    expect((JSON.parse(j.stdout.text) as EvseDisplayState).qr?.url).toBe('https://pay.example.com/p/1?totp=ONE');

    const missing = ctx();
    expect(await qrCommand.run(['show', '--evse', '7', '--url', server.url], missing)).toBe(1);
    expect(missing.stderr.text).toContain('EVSE 7 is not on the display; EVSEs: 1, 2');
  });

  it('--watch redraws at each change until stopped', async () => {
    const source = new MemoryDisplaySource([availableState(1, 'https://pay.example.com/p/1?totp=FIRST')]);
    server = new KioskServer({ source, port: 0 });
    await server.listen();
    const stop = new AbortController();
    const c = ctx(stop.signal);
    const run = qrCommand.run(['show', '--evse', '1', '--url', server.url, '--watch'], c);
    const waitFor = async (s: string) => {
      const until = Date.now() + 3000;
      while (!c.stdout.text.includes(s)) {
        if (Date.now() > until) throw new Error(`"${s}" not printed within 3 s; got:\n${c.stdout.text}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await waitFor('totp=FIRST');
    source.set(availableState(1, 'https://pay.example.com/p/1?totp=SECOND'));
    await waitFor('totp=SECOND');
    stop.abort();
    expect(await run).toBe(0);
  });

  it('says clearly when the agent is not reachable, and rejects bad options', async () => {
    const probe = new KioskServer({ source: new MemoryDisplaySource(), port: 0 });
    await probe.listen();
    const port = probe.port;
    await probe.close();
    const c = ctx();
    expect(await qrCommand.run(['show', '--url', `http://127.0.0.1:${port}`], c)).toBe(1);
    expect(c.stderr.text).toMatch(/cannot reach the agent's display at http:\/\/127\.0\.0\.1:\d+\/state \(ECONNREFUSED\)/);
    await expect(qrCommand.run(['show', '--url', 'ftp://x'], ctx())).rejects.toThrow(/expected an http:\/\/ URL/);
    await expect(qrCommand.run(['show', '--evse', 'one'], ctx())).rejects.toThrow(/--evse: got "one"/);
    await expect(qrCommand.run(['list'], ctx())).rejects.toThrow(/unknown qr command "list", expected show/);
  });
});
