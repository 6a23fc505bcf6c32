// `charger-agent demo`: hardware simulators + CSMS simulator + the real agent, and a full prepaid session narrated in the terminal.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { packageRoot } from '../../../hal/package-root.js';
import { formatMessageLine } from './csms.js';
import { CsmsSim } from '../../../simulators/csms/csms-server.js';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../simulators/csms/csms-types.js';
import { formatReceipt } from '../../../simulators/csms/receipt.js';
import { configureWebPayments, scanAndPay } from '../../../simulators/csms/web-payments.js';
import { renderTerminal } from '../../display/terminal-renderer.js';
import { StationRig } from '../../../simulators/station-rig.js';
import { loadConfig } from '../../config/load-config.js';
import { startAgent } from '../../run/start-agent.js';
import { parseChoice, parseCommandLine, parseNumber } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, sleepUnlessAborted, type Command } from '../context.js';

const HELP = `Usage: charger-agent demo [--amount N] [--price P] [--currency C] [--method M] [--verbose] [--keep]

Starts the simulated station hardware (Modbus TCP), the bundled CSMS simulator and
the real agent (config/simulators.json with free ports), plugs an EV into EVSE 1,
and plays a prepaid session: the driver pays, the CSMS starts the session with a
limit worth the amount, the station stops itself at that limit, the CSMS settles
and prints the receipt with the refund.

Options:
  --amount N      amount paid (default 2)
  --price P       price per kWh (default 25)
  --currency C    ISO 4217 code (default KES)
  --method M      ${PAYMENT_METHODS.join(' | ')} (default mpesa)
  --verbose       print every OCPP frame
  --keep          keep running after the session (Ctrl-C to stop)
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run simulators, a CSMS and the agent together and play a prepaid session (npm start)',
  help: HELP,
  async run(argv, ctx) {
    const { values } = parseCommandLine(
      {
        args: argv,
        options: {
          amount: { type: 'string' },
          price: { type: 'string' },
          currency: { type: 'string' },
          method: { type: 'string' },
          verbose: { type: 'boolean' },
          keep: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      },
      { amount: 'an amount, e.g. 2', price: 'a price per kWh, e.g. 25', currency: 'a currency code, e.g. KES', method: PAYMENT_METHODS.join(', ') },
    );
    if (values.help) {
      ctx.stdout.write(HELP);
      return EXIT_OK;
    }
    const amount = values.amount === undefined ? 2 : parseNumber('amount', values.amount, 0.01, 1_000_000);
    const price = values.price === undefined ? 25 : parseNumber('price', values.price, 0.0001, 1_000_000);
    const currency = values.currency ?? 'KES';
    const method: PaymentMethod = values.method === undefined ? 'mpesa' : parseChoice('method', values.method, PAYMENT_METHODS);
    const out = (line: string) => ctx.stdout.write(`${line}\n`);

    const rig = new StationRig({ evses: 2 });
    const modbusPort = await rig.serveTcp(0);
    const template = JSON.parse(readFileSync(join(packageRoot(), 'config', 'simulators.json'), 'utf8')) as {
      station: { id: string };
      csms: { url: string; basicAuthPassword: string };
      buses: Record<string, { tcp: string }>;
      dataDir: string;
      log: { level: string };
      display?: { kioskPort: number };
      tariff?: unknown;
    };
    const stationId = template.station.id;
    const csms = new CsmsSim({ port: 0, pricePerKwh: price, currency, passwords: { [stationId]: template.csms.basicAuthPassword }, boot: { status: 'Accepted', interval: 300 } });
    const csmsPort = await csms.listen();
    const dir = mkdtempSync(join(tmpdir(), 'charger-agent-demo-'));
    template.csms.url = `ws://127.0.0.1:${csmsPort}/ocpp`;
    template.buses = { rig: { tcp: `127.0.0.1:${modbusPort}` } };
    template.dataDir = join(dir, 'data');
    template.display = { kioskPort: 0 };
    template.tariff = { currency, pricePerKwh: price, description: 'Prepaid: pay by phone, the station stops at the amount paid' };
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(template, null, 2));

    csms.on('message', (id, r) => {
      if (values.verbose || (r.kind === 'CALL' && r.action !== 'Heartbeat')) out(formatMessageLine(id, r, values.verbose ? 400 : 160));
    });
    out(`hardware simulators: Modbus TCP 127.0.0.1:${modbusPort} (EVSE n: meter unit n, contactor 10+n, EV 20+n)`);
    out(`CSMS simulator: ws://127.0.0.1:${csmsPort}/ocpp, price ${price} ${currency}/kWh`);
    out(`agent: station ${stationId}, data in ${template.dataDir}`);
    const agent = await startAgent(loadConfig(configFile), { logger: pino({ level: values.verbose ? 'info' : 'warn' }, process.stderr) });
    let code = EXIT_OK;
    try {
      await csms.waitForBoot(stationId, 'Accepted', 15_000);
      out('\n== the CSMS configures secure dynamic payment QR codes (WebPaymentsCtrlr: URL template, shared secret)');
      await configureWebPayments(csms, stationId, [1, 2], { validityS: 30, length: 8 });
      out('\n== the driver plugs in at EVSE 1');
      rig.evse(1).ev.plug();
      await csms.waitForStatus(stationId, 1, 1, 'Occupied', 10_000);
      const deadline = Date.now() + 5000;
      let screen = agent.display.display.current().find((e) => e.evseId === 1);
      while (!screen?.qr && Date.now() < deadline) {
        await sleepUnlessAborted(100, ctx.signal);
        screen = agent.display.display.current().find((e) => e.evseId === 1);
      }
      if (!screen?.qr) throw new Error('the station shows no payment QR code');
      out('\n== the station display (the code changes every 30 s):\n');
      out(await renderTerminal(screen));
      out(`\n== the driver scans it and pays ${amount} ${currency} by ${method}; the CSMS checks the one-time password and starts the session`);
      const paid = await scanAndPay(csms, screen.qr.url, { amount, method, paymentSeconds: 1 });
      out(`password ${paid.match}: valid; payment ${paid.reference}: ${paid.status}, limit ${paid.maxEnergyWh} Wh (${amount} ${currency} at ${price} ${currency}/kWh)`);
      const receiptP = csms.waitForReceipt((r) => r.reference === paid.reference, 600_000);
      let done = false;
      void receiptP.then(() => (done = true), () => (done = true));
      while (!done && !ctx.signal.aborted) {
        await sleepUnlessAborted(2000, ctx.signal);
        const e = agent.snapshot().evses[0];
        const t = e?.transaction;
        if (t && !done) out(`   EVSE 1 ${t.chargingState}: ${t.energyWh} Wh of ${String((t.limits as { maxEnergy?: number }).maxEnergy ?? '?')} Wh, power ${Math.round(rig.evse(1).meter.state.powerW)} W`);
      }
      const receipt = await receiptP;
      out(`\n== the station stopped itself at the limit; the CSMS settles\n${formatReceipt(receipt)}`);
      const sim = rig.evse(1).meter.state.energyImportWh;
      out(`meter register now ${(sim / 1000).toFixed(4)} kWh; contactor ${rig.evse(1).contactor.closed ? 'CLOSED' : 'open'}`);
      if (values.keep) {
        out('\nrunning on (Ctrl-C to stop)');
        await new Promise<void>((r) => (ctx.signal.aborted ? r() : ctx.signal.addEventListener('abort', () => r(), { once: true })));
      }
    } catch (err) {
      ctx.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
      code = EXIT_FAILURE;
    } finally {
      await agent.stop();
      await csms.close();
      await rig.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return code;
  },
};
