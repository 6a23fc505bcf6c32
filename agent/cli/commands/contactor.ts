// `charger-agent contactor open|close|status`: drives a Modbus coil contactor and checks its auxiliary feedback.

import type { ContactorPosition } from '../../../hal/contactor/contactor.js';
import type { ContactorSpec, TransportSpec } from '../../../hal/device-spec.js';
import { DeviceFactory } from '../../../hal/factory.js';
import { parseChoice, parseCommandLine, parseInteger, parseTransport, parseUnit, TRANSPORT_HELP, TRANSPORT_HINTS, TRANSPORT_OPTIONS } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command, type CommandContext } from '../context.js';

const HELP = `Usage: charger-agent contactor <open|close|status> [--driver modbus-coil] DEVICE --unit N --coil N [feedback] [--json]

  close    energise the coil and wait until the feedback confirms closed
           (fails with failed-to-close, and de-energises the coil, when it does not)
  open     de-energise the coil and wait until the feedback confirms open
           (fails with welded when the contacts stay closed)
  status   read the coil (what the relay module is commanded, fc 1) and the feedback

Contactor:
  --driver modbus-coil   contactor driver (the only one so far; default)
  --unit N               Modbus unit id of the relay module (required)
  --coil N               coil address that drives the contactor (required)
  --feedback-input N     auxiliary contact on discrete input N (fc 2)
  --feedback-coil N      auxiliary contact read as coil N (fc 1)
  --feedback-inverted    the auxiliary contact is normally closed (reads 1 when open)
  --feedback-timeout MS  how long the feedback may take to follow (default 500)
  --json                 print the result as JSON

${TRANSPORT_HELP}

Exit code: 0 success (status: command and feedback agree), 1 a fault (welded,
failed-to-close, no-answer, disagreement), 2 bad arguments.

Examples:
  charger-agent contactor close --driver modbus-coil --rtu /dev/ttyUSB0 --unit 11 --coil 0 --feedback-input 0
  charger-agent contactor status --tcp 127.0.0.1:5020 --unit 11 --coil 0 --feedback-input 0
  charger-agent contactor open --rtu /dev/ttyUSB0 --baud 19200 --parity even --unit 3 --coil 1 --feedback-input 1 --feedback-inverted
`;

const ACTIONS = ['open', 'close', 'status'] as const;
type Action = (typeof ACTIONS)[number];

interface Parsed {
  action: Action;
  spec: ContactorSpec & { transport: TransportSpec };
  json: boolean;
}

function parse(argv: string[]): Parsed | 'help' {
  const { values, positionals } = parseCommandLine(
    {
      args: argv,
      allowPositionals: true,
      options: {
        ...TRANSPORT_OPTIONS,
        driver: { type: 'string' },
        unit: { type: 'string' },
        coil: { type: 'string' },
        'feedback-input': { type: 'string' },
        'feedback-coil': { type: 'string' },
        'feedback-inverted': { type: 'boolean' },
        'feedback-timeout': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    {
      ...TRANSPORT_HINTS,
      driver: 'modbus-coil',
      coil: 'a coil address 0..65535',
      'feedback-input': 'a discrete input address 0..65535',
      'feedback-coil': 'a coil address 0..65535',
      'feedback-timeout': 'a time in ms, e.g. 500',
    },
  );
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('missing action, expected open, close or status');
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}", expected one action (open, close or status)`);
  const action = ACTIONS.find((a) => a === positionals[0]);
  if (!action) throw new UsageError(`unknown action "${positionals[0]}", expected open, close or status`);
  if (values.driver !== undefined) parseChoice('driver', values.driver, ['modbus-coil']);
  const transport = parseTransport(values);
  const unit = parseUnit(values.unit, transport);
  if (values.coil === undefined) throw new UsageError('--coil is required, expected the coil address 0..65535 that drives the contactor');
  const coil = parseInteger('coil', values.coil, 0, 65535);
  if (values['feedback-input'] !== undefined && values['feedback-coil'] !== undefined) {
    throw new UsageError(`--feedback-input "${values['feedback-input']}" and --feedback-coil "${values['feedback-coil']}" given, expected only one`);
  }
  const spec: Parsed['spec'] = { driver: 'modbus-coil', transport, unit, coil };
  if (values['feedback-input'] !== undefined) spec.feedback = { function: 2, address: parseInteger('feedback-input', values['feedback-input'], 0, 65535) };
  if (values['feedback-coil'] !== undefined) spec.feedback = { function: 1, address: parseInteger('feedback-coil', values['feedback-coil'], 0, 65535) };
  if (values['feedback-inverted']) {
    if (!spec.feedback) throw new UsageError('--feedback-inverted given without --feedback-input or --feedback-coil, expected one of them');
    spec.feedback.inverted = true;
  }
  if (values['feedback-timeout'] !== undefined) spec.feedbackTimeoutMs = parseInteger('feedback-timeout', values['feedback-timeout'], 1, 60_000);
  return { action, spec, json: values.json === true };
}

const position = (on: boolean): ContactorPosition => (on ? 'closed' : 'open');

function feedbackName(spec: ContactorSpec): string {
  if (!spec.feedback) return 'none';
  const kind = spec.feedback.function === 2 ? 'discrete input' : 'coil';
  return `${kind} ${spec.feedback.address}${spec.feedback.inverted ? ', inverted' : ''}`;
}

/** Reads the coil (fc 1: what the module holds, whoever commanded it) and the feedback. */
async function status(factory: DeviceFactory, id: string, spec: ContactorSpec, ctx: CommandContext, json: boolean): Promise<number> {
  const client = factory.client(id, spec.transport);
  const [coilOn] = await client.readBits(spec.unit, 1, spec.coil, 1);
  const commanded = position(coilOn === true);
  let feedback: ContactorPosition | 'none' = 'none';
  if (spec.feedback) {
    const [bit] = await client.readBits(spec.unit, spec.feedback.function, spec.feedback.address, 1);
    feedback = position((bit === true) !== (spec.feedback.inverted ?? false));
  }
  let fault: string | undefined;
  if (feedback !== 'none' && feedback !== commanded) {
    fault = commanded === 'open' ? 'welded: commanded open but the feedback reads closed' : 'not closed: commanded closed but the feedback reads open (failed to close or opened unexpectedly)';
  }
  if (json) {
    ctx.stdout.write(JSON.stringify({ commanded, feedback, fault: fault ?? null }) + '\n');
  } else {
    ctx.stdout.write(`commanded: ${commanded.padEnd(6)}  (coil ${spec.coil} on unit ${spec.unit} reads ${coilOn ? 'on' : 'off'})\n`);
    ctx.stdout.write(`feedback:  ${feedback.padEnd(6)}  (${feedbackName(spec)})\n`);
    if (fault) ctx.stdout.write(`fault:     ${fault}\n`);
  }
  return fault ? EXIT_FAILURE : EXIT_OK;
}

export const contactorCommand: Command = {
  name: 'contactor',
  summary: 'open, close or check a contactor on a Modbus relay module',
  help: HELP,
  async run(argv, ctx) {
    const parsed = parse(argv);
    if (parsed === 'help') {
      ctx.stdout.write(HELP);
      return EXIT_OK;
    }
    const { action, spec, json } = parsed;
    ctx.prog += ` ${action}`;
    const id = `contactor (unit ${spec.unit}, coil ${spec.coil})`;
    const factory = new DeviceFactory();
    try {
      if (action === 'status') return await status(factory, id, spec, ctx, json);
      const contactor = factory.createContactor(id, spec);
      const started = Date.now();
      // ContactorError (welded, failed-to-close, no-answer) propagates: exit 1 with its message
      await (action === 'close' ? contactor.close() : contactor.open());
      const s = contactor.status();
      const ms = Date.now() - started;
      if (json) ctx.stdout.write(JSON.stringify({ commanded: s.commanded, feedback: s.feedback, fault: null, ms }) + '\n');
      else if (s.feedback === 'none') ctx.stdout.write(`${s.commanded}: coil ${spec.coil} on unit ${spec.unit} written (no feedback configured: not confirmed)\n`);
      else ctx.stdout.write(`${s.commanded}: feedback confirms ${s.feedback} after ${ms} ms\n`);
      return EXIT_OK;
    } finally {
      await factory.close();
    }
  },
};
