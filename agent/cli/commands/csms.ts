// `charger-agent csms`: runs the CSMS simulator with its control API; `csms pay|stop|state` talk to a running one.

import { redactFrame } from '../../ocpp/redact-frame.js';
import { parseChoice, parseCommandLine, parseInteger, parseNumber } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, sleepUnlessAborted, UsageError, type Command, type TextOutput } from '../context.js';
import { CsmsControlApi, controlRequest, payViaControlApi } from '../../../simulators/csms/control-api.js';
import { CsmsSim } from '../../../simulators/csms/csms-server.js';
import { PAYMENT_METHODS, type BootConfig, type CsmsProtocol, type MessageRecord, type PaymentMethod } from '../../../simulators/csms/csms-types.js';
import { formatReceipt, minorUnitDigits } from '../../../simulators/csms/receipt.js';

/** Streams and stop signal; CommandContext of agent/cli fits. */
export interface CsmsCliIo {
  stdout: TextOutput;
  stderr: TextOutput;
  /** Stops the simulator (Ctrl-C); without one it runs until --duration elapses (or forever). */
  signal?: AbortSignal;
}

export const CSMS_SUMMARY = 'run a small OCPP 2.0.1/2.1 CSMS simulator with prepaid sessions (pay, stop, state talk to it)';

export const CSMS_HELP = `Usage: charger-agent csms [options]
       charger-agent csms pay --amount N --method METHOD [--station ID] [--evse N] [--control URL]
       charger-agent csms stop --transaction ID [--control URL]
       charger-agent csms state [--control URL]

Runs a CSMS simulator for OCPP 2.1 and 2.0.1 on ws://HOST:PORT/ocpp/<stationId>.
It accepts stations, answers their messages, prints each message on one line, and
runs prepaid sessions: a confirmed payment becomes RequestStartTransaction plus a
transaction limit worth the amount at --price per kWh (on 2.0.1 in customData,
vendorId org.charger-agent.transactionLimit); when the transaction ends it prints
a receipt with the energy, the cost and the refund.
A loopback-only HTTP control API runs on PORT+1:
  POST /pay {stationId, evseId, amount, method}   POST /stop {transactionId}
  POST /topup {transactionId, amount}             GET /state

Options:
  --port N               WebSocket port (default 9000; 0 = any free port, printed)
  --host ADDR            address to bind (default 127.0.0.1)
  --price P              price per kWh (default 0.30)
  --currency CODE        ISO 4217 currency (default KES)
  --password ID=PW       HTTP Basic password of a station (security profile 1);
                         repeat for more stations; then stations without one get 401
  --boot STATUS          BootNotification answer: Accepted | Pending | Rejected (default Accepted)
  --interval S           heartbeat / boot retry interval in seconds (default 300)
  --protocol P           only offer this subprotocol: ocpp2.1 | ocpp2.0.1 (default both)
  --control-port N       control API port (default PORT+1; 0 when PORT is 0)
  --stop-from-meter-values
                         the old way: no limit; send RequestStopTransaction when the
                         periodic meter values show the paid energy was reached
  --duration S           stop after S seconds (default: run until Ctrl-C)

Options of pay:
  --amount N             amount paid (in the simulator's currency)
  --method METHOD        ${PAYMENT_METHODS.join(' | ')}
  --station ID           station to start on (default: the only connected one)
  --evse N               EVSE to start on (default: the station chooses)
  --reference REF        payment reference (default: generated)
  --control URL          control API (default http://127.0.0.1:9001)

Examples:
  charger-agent csms --port 9000 --price 25 --currency KES --password CS001=s3cret
  charger-agent csms pay --amount 500 --method mpesa --station CS001 --evse 1
  charger-agent csms state
`;

const DEFAULT_CONTROL = 'http://127.0.0.1:9001';

function clock(): string {
  return new Date().toISOString().slice(11, 23);
}

/** One readable line for a frame: time, station, direction, kind, action, payload (shortened). */
export function formatMessageLine(stationId: string, r: MessageRecord, maxPayload = 400): string {
  const arrow = r.direction === 'in' ? `${stationId} -> CSMS` : `${stationId} <- CSMS`;
  let body = r.kind === 'invalid' ? r.raw : redactFrame(JSON.stringify(r.payload));
  if (body.length > maxPayload) body = `${body.slice(0, maxPayload - 1)}…`;
  return `${r.time.slice(11, 23)} ${arrow} ${r.kind} ${r.action || '?'} ${body}`;
}

function parsePasswords(values: string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--password: got ${JSON.stringify(v)}, expected STATION=PASSWORD`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

/**
 * Runs `charger-agent csms ...` (argv without "csms"); resolves with the exit code. Throws UsageError for a bad
 * command line (agent/cli main prints it and exits 2) and Error when the simulator cannot start (exit 1).
 */
export async function runCsmsCli(argv: string[], io: CsmsCliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'pay') return runCsmsPayCli(rest, io);
  if (sub === 'stop') return runCsmsStopCli(rest, io);
  if (sub === 'state') return runCsmsStateCli(rest, io);
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        price: { type: 'string' },
        currency: { type: 'string' },
        password: { type: 'string', multiple: true },
        boot: { type: 'string' },
        interval: { type: 'string' },
        protocol: { type: 'string' },
        'control-port': { type: 'string' },
        'stop-from-meter-values': { type: 'boolean' },
        duration: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    {
      port: 'a TCP port, e.g. 9000',
      host: 'an address to bind, e.g. 127.0.0.1',
      price: 'a price per kWh, e.g. 0.30',
      currency: 'an ISO 4217 code, e.g. KES',
      password: 'STATION=PASSWORD',
      boot: 'Accepted, Pending or Rejected',
      interval: 'seconds, e.g. 300',
      protocol: 'ocpp2.1 or ocpp2.0.1',
      'control-port': 'a TCP port, e.g. 9001',
      duration: 'a time in seconds',
    },
  );
  if (values.help) {
    io.stdout.write(CSMS_HELP);
    return EXIT_OK;
  }
  const port = values.port === undefined ? 9000 : parseInteger('port', values.port, 0, 65535);
  const controlPort = values['control-port'] === undefined ? (port === 0 ? 0 : port + 1) : parseInteger('control-port', values['control-port'], 0, 65535);
  if (port !== 0 && controlPort === port) throw new UsageError(`--control-port: got ${controlPort}, expected a port other than --port`);
  const price = values.price === undefined ? 0.3 : parseNumber('price', values.price, 0.000001, 1_000_000);
  const currency = (values.currency ?? 'KES').toUpperCase();
  try {
    minorUnitDigits(currency);
  } catch (err) {
    throw new UsageError(`--currency: ${(err as Error).message}`);
  }
  const boot: BootConfig = {
    status: values.boot === undefined ? 'Accepted' : parseChoice('boot', values.boot, ['Accepted', 'Pending', 'Rejected'] as const),
    interval: values.interval === undefined ? 300 : parseInteger('interval', values.interval, 0, 86_400),
  };
  const protocols: CsmsProtocol[] = values.protocol === undefined ? ['ocpp2.1', 'ocpp2.0.1'] : [parseChoice('protocol', values.protocol, ['ocpp2.1', 'ocpp2.0.1'] as const)];
  const durationS = values.duration === undefined ? undefined : parseNumber('duration', values.duration, 0.01, 31_536_000, 's');
  const host = values.host ?? '127.0.0.1';
  const passwords = parsePasswords(values.password);

  const sim = new CsmsSim({
    port,
    host,
    protocols,
    pricePerKwh: price,
    currency,
    boot,
    stopFromMeterValues: values['stop-from-meter-values'] ?? false,
    ...(passwords ? { passwords } : {}),
  });
  const api = new CsmsControlApi(sim, { port: controlPort });
  const out = (line: string) => io.stdout.write(`${line}\n`);
  sim.on('message', (id, r) => out(formatMessageLine(id, r)));
  sim.on('connected', (s) => out(`${clock()} station ${s.id} connected (${s.protocol ?? '?'}, connection ${s.connections})`));
  sim.on('disconnected', (s, info) => out(`${clock()} station ${s.id} disconnected (${info.code}${info.reason ? ` ${info.reason}` : ''})`));
  sim.on('refused', (r) => out(`${clock()} refused ${r.stationId ?? '(no id)'}: ${r.status} ${r.reason}`));
  sim.on('payment', (p) => out(`${clock()} payment confirmed: ${p.paid} ${p.currency} by ${p.method} ref ${p.reference} for ${p.stationId}: ${p.maxEnergyWh} Wh, idToken ${p.idToken.idToken}, remoteStartId ${p.remoteStartId}`));
  sim.on('receipt', (r) => out(`${clock()} ${formatReceipt(r)}`));
  try {
    await sim.listen();
    await api.listen();
    out(`CSMS simulator: ${sim.url}/<stationId> (${protocols.join(', ')}), boot ${boot.status} interval ${boot.interval} s, price ${price} ${currency}/kWh` +
      (passwords ? `, basic auth for ${Object.keys(passwords).join(', ')}` : ''));
    out(`control API: ${api.url} (POST /pay, POST /stop, POST /topup, GET /state)`);
    out(`pay: charger-agent csms pay --amount 500 --method mpesa --control ${api.url}`);
    out(durationS === undefined ? 'running until Ctrl-C' : `running for ${durationS} s (Ctrl-C stops earlier)`);
    const signal = io.signal;
    if (durationS !== undefined) await sleepUnlessAborted(durationS * 1000, signal ?? new AbortController().signal);
    else if (signal) {
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } else await new Promise<never>(() => {});
    out('CSMS simulator stopped');
    return EXIT_OK;
  } finally {
    await api.close();
    await sim.close();
  }
}

/** `charger-agent csms pay ...`: confirms a payment on a running simulator; exit 1 when the start was not accepted. */
export async function runCsmsPayCli(argv: string[], io: CsmsCliIo): Promise<number> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        amount: { type: 'string' },
        method: { type: 'string' },
        station: { type: 'string' },
        evse: { type: 'string' },
        reference: { type: 'string' },
        currency: { type: 'string' },
        control: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    { amount: 'an amount, e.g. 500', method: PAYMENT_METHODS.join(', '), station: 'a station id', evse: 'an EVSE id, e.g. 1', reference: 'a payment reference', control: `a URL, e.g. ${DEFAULT_CONTROL}` },
  );
  if (values.help) {
    io.stdout.write(CSMS_HELP);
    return EXIT_OK;
  }
  if (values.amount === undefined) throw new UsageError('--amount: missing, expected the amount paid, e.g. --amount 500');
  if (values.method === undefined) throw new UsageError(`--method: missing, expected one of ${PAYMENT_METHODS.join(', ')}`);
  const amount = parseNumber('amount', values.amount, 0.000001, 1_000_000_000);
  const method: PaymentMethod = parseChoice('method', values.method, PAYMENT_METHODS);
  const control = values.control ?? DEFAULT_CONTROL;
  const result = await payViaControlApi(control, {
    amount,
    method,
    ...(values.station !== undefined ? { stationId: values.station } : {}),
    ...(values.evse !== undefined ? { evseId: parseInteger('evse', values.evse, 1, 1000) } : {}),
    ...(values.reference !== undefined ? { reference: values.reference } : {}),
    ...(values.currency !== undefined ? { currency: values.currency.toUpperCase() } : {}),
  });
  io.stdout.write(
    `payment ${result.reference}: RequestStartTransaction ${result.status} (remoteStartId ${result.remoteStartId}, idToken ${result.idToken}, ` +
      `limit ${result.maxEnergyWh} Wh${result.transactionId ? `, transaction ${result.transactionId}` : ''})\n`,
  );
  if (result.status !== 'Accepted') {
    io.stderr.write(`the station did not accept the remote start (${result.status}); the payment is refunded in full\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/** `charger-agent csms stop --transaction ID`. */
export async function runCsmsStopCli(argv: string[], io: CsmsCliIo): Promise<number> {
  const { values } = parseCommandLine(
    { args: argv, options: { transaction: { type: 'string' }, control: { type: 'string' }, help: { type: 'boolean', short: 'h' } } },
    { transaction: 'a transaction id', control: `a URL, e.g. ${DEFAULT_CONTROL}` },
  );
  if (values.help) {
    io.stdout.write(CSMS_HELP);
    return EXIT_OK;
  }
  if (values.transaction === undefined) throw new UsageError('--transaction: missing, expected the transaction id to stop');
  const res = (await controlRequest(values.control ?? DEFAULT_CONTROL, 'POST', '/stop', { transactionId: values.transaction })) as { status?: string };
  io.stdout.write(`RequestStopTransaction ${values.transaction}: ${res.status ?? '?'}\n`);
  return res.status === 'Accepted' ? EXIT_OK : EXIT_FAILURE;
}

/** `charger-agent csms state`: prints the simulator's state as JSON. */
export async function runCsmsStateCli(argv: string[], io: CsmsCliIo): Promise<number> {
  const { values } = parseCommandLine(
    { args: argv, options: { control: { type: 'string' }, help: { type: 'boolean', short: 'h' } } },
    { control: `a URL, e.g. ${DEFAULT_CONTROL}` },
  );
  if (values.help) {
    io.stdout.write(CSMS_HELP);
    return EXIT_OK;
  }
  io.stdout.write(`${JSON.stringify(await controlRequest(values.control ?? DEFAULT_CONTROL, 'GET', '/state'), null, 2)}\n`);
  return EXIT_OK;
}

/** The subcommand for agent/cli/main.ts COMMANDS. */
export const csmsCommand: Command = {
  name: 'csms',
  summary: CSMS_SUMMARY,
  help: CSMS_HELP,
  run: (argv, ctx) => runCsmsCli(argv, ctx),
};
