// End to end: the station shows a TOTP payment QR; the CSMS validates a scanned code, notifies the payment (2.1 native, 2.0.1 DataTransfer) and starts the session.

import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { totpV1 } from '../../agent/core/payments/totp-v1.js';
import { checkScannedUrl, configureWebPayments, scanAndPay } from '../../simulators/csms/web-payments.js';
import { startHarness, STATION_ID, until, type Harness } from '../helpers/station-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const displayOf = (harness: Harness, evseId = 1) => harness.agent.display.display.current().find((s) => s.evseId === evseId)!;

for (const version of ['ocpp2.1', 'ocpp2.0.1'] as const) {
  describe(`web payments over ${version}`, () => {
    it('the display shows a code the CSMS validates; NotifyWebPaymentStarted hides it ("payment in progress") until the session starts', async () => {
      h = await startHarness({ versions: [version] });
      await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
      const config = await configureWebPayments(h.csms, STATION_ID, [1], { validityS: 30, length: 8 });
      await until(() => displayOf(h!).qr !== undefined, 5_000, 'a payment QR');
      const qr = displayOf(h).qr!;
      expect(qr.url).toMatch(new RegExp(`^https://pay\\.example\\.com/${STATION_ID}/1\\?totp=[0-9A-Za-z]{8}&v=`));
      const scanned = checkScannedUrl(qr.url);
      expect(scanned.match).toBe('current');
      // The same code two slots later no longer validates.
      expect(checkScannedUrl(qr.url, Date.now() + 2 * config.validityS * 1000).match).toBeUndefined();
      // validUntil is the next slot boundary, aligned to the clock.
      expect(qr.validUntil % (config.validityS * 1000)).toBe(0);
      expect(totpV1({ secret: config.sharedSecret, unixMs: Date.now(), validityS: 30, length: 8 }).current).toBe(scanned.totp);

      h.rig.evse(1).ev.plug();
      const paying = scanAndPay(h.csms, qr.url, { amount: 5, method: 'upi', paymentSeconds: 1 });
      await until(() => displayOf(h!).phase === 'payment-in-progress', 5_000, 'payment in progress');
      expect(displayOf(h).qr).toBeUndefined();
      await paying;
      // the limit comes with the CSMS's answer to a TransactionEvent, which may arrive after energy flows
      await until(
        () => displayOf(h!).phase === 'charging' && (displayOf(h!).session?.energyWh ?? 0) > 0 && displayOf(h!).session?.limit !== undefined,
        10_000,
        'charging with the paid limit on the display',
      );
      const s = displayOf(h).session!;
      expect(s.limit?.maxEnergyWh).toBe(16666);
      expect(s.remaining?.energyWh).toBeLessThan(16666);
    });
  });
}

describe('web payment secrets', () => {
  it('SharedSecret is write-only: Rejected by GetVariables, absent from reports, the status file and every log line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    h = await startHarness({ logLevel: 'trace', logStream: sink });
    await h.csms.waitForBoot(STATION_ID, 'Accepted', 10_000);
    const config = await configureWebPayments(h.csms, STATION_ID, [1]);
    const get = await h.csms.call(STATION_ID, 'GetVariables', {
      getVariableData: [{ component: { name: 'WebPaymentsCtrlr', evse: { id: 1 } }, variable: { name: 'SharedSecret' } }],
    });
    expect(get.getVariableResult[0]?.attributeStatus).toBe('Rejected');
    expect(get.getVariableResult[0]?.attributeValue).toBeUndefined();
    const report = await h.csms.getBaseReport(STATION_ID, 'FullInventory', 10_000);
    const entry = report.find((r) => r.component.name === 'WebPaymentsCtrlr' && r.variable.name === 'SharedSecret');
    expect(entry).toBeDefined();
    expect(entry?.variableAttribute.every((a) => a.value === undefined)).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(lines.length).toBeGreaterThan(20); // trace logging did run, frames included
    expect(lines.join('')).not.toContain(config.sharedSecret);
    expect(readFileSync(join(h.config.dataDir, 'status.json'), 'utf8')).not.toContain(config.sharedSecret);
    // The frames in the agent's log carry the SetVariables, redacted.
    expect(lines.join('')).toContain('[redacted]');
  });
});
