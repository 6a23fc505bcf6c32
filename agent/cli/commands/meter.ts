// `charger-agent meter read|maps`: reads an energy meter once or with --watch, as JSON or a table; lists built-in maps.

import { runSubcommand } from '../subcommands.js';
import { DeviceFactory } from '../../../hal/factory.js';
import type { MeterSpec } from '../../../hal/device-spec.js';
import { MeterReadError, type MeterFault } from '../../../hal/meter/meter.js';
import { listBuiltinMaps, loadMeterMap, MapError } from '../../../hal/meter/register-map.js';
import { parseCommandLine, parseInteger, parseTransport, parseUnit, TRANSPORT_HELP, TRANSPORT_HINTS, TRANSPORT_OPTIONS } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, sleepUnlessAborted, UsageError, type Command, type CommandContext } from '../context.js';
import { failureMessage } from '../errors.js';
import { readingJson, readingTable } from '../output/meter-reading.js';

const READ_HELP = `Usage: charger-agent meter read (--driver MODEL | --map FILE) DEVICE [--unit N] [--watch MS [--count N]] [--table]

Reads an energy meter over Modbus and prints the reading as one JSON object
(energy in Wh, power in W), or as a table with --table.

Meter:
  --driver MODEL         a built-in register map: ${listBuiltinMaps().join(' | ')}
  --map FILE             a register map JSON file (see hal/meter/maps/ for the format)
  --unit N               Modbus unit id (default 1)

${TRANSPORT_HELP}

Output:
  --table                a human table (measurand per phase) instead of JSON
  --watch MS             read every MS milliseconds until Ctrl-C; one JSON object per line.
                         A failed read prints an error line on stderr and reading goes on.
  --count N              with --watch: stop after N reads

Exit code: 0 when the (last) read succeeded, 1 when it failed, 2 for bad arguments.

Examples:
  charger-agent meter read --driver sdm630 --rtu /dev/ttyUSB0 --baud 9600 --parity none --unit 1
  charger-agent meter read --driver abb-b23 --rtu /dev/ttyUSB0 --baud 19200 --parity even --unit 2 --table
  charger-agent meter read --driver sdm630 --tcp 192.168.1.20:502 --unit 1 --watch 1000
  charger-agent meter read --map ./my-meter.json --tcp 127.0.0.1:5020 --watch 500 --count 10
`;

const MAPS_HELP = `Usage: charger-agent meter maps

Lists the built-in meter register maps (the values --driver takes).

Example:
  charger-agent meter maps
`;

const HELP = `Usage: charger-agent meter <read|maps> [options]

  read   read a meter once, or repeatedly with --watch
  maps   list the built-in register maps

Run "charger-agent meter read --help" for the options.

Examples:
  charger-agent meter read --driver sdm630 --rtu /dev/ttyUSB0 --unit 1
  charger-agent meter maps
`;

async function read(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        ...TRANSPORT_OPTIONS,
        driver: { type: 'string' },
        map: { type: 'string' },
        unit: { type: 'string' },
        watch: { type: 'string' },
        count: { type: 'string' },
        table: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    { ...TRANSPORT_HINTS, driver: `a meter model: ${listBuiltinMaps().join(', ')}`, map: 'a map JSON file', watch: 'an interval in ms', count: 'a number of reads' },
  );
  if (values.help) {
    ctx.stdout.write(READ_HELP);
    return EXIT_OK;
  }
  let map: string;
  if (values.driver !== undefined && values.map !== undefined) {
    throw new UsageError(`--driver "${values.driver}" and --map "${values.map}" given, expected only one`);
  } else if (values.driver !== undefined) {
    const known = listBuiltinMaps();
    if (!known.includes(values.driver)) throw new UsageError(`--driver: got "${values.driver}", expected one of ${known.join(', ')}`);
    map = values.driver;
  } else if (values.map !== undefined) {
    try {
      loadMeterMap(values.map);
    } catch (err) {
      throw new UsageError(`--map: ${err instanceof MapError ? err.message : String(err)}`);
    }
    map = values.map;
  } else {
    throw new UsageError(`no meter model, expected --driver ${listBuiltinMaps().join('|')} or --map FILE`);
  }
  const transport = parseTransport(values);
  const unit = parseUnit(values.unit, transport, 1);
  const watchMs = values.watch === undefined ? undefined : parseInteger('watch', values.watch, 10, 86_400_000);
  if (values.count !== undefined && watchMs === undefined) throw new UsageError(`--count: given "${values.count}" without --watch, expected it only with --watch MS`);
  const count = values.count === undefined ? undefined : parseInteger('count', values.count, 1, Number.MAX_SAFE_INTEGER);

  const spec: MeterSpec = { transport, unit, map };
  const factory = new DeviceFactory();
  try {
    const meter = factory.createMeter(`meter unit ${unit}`, spec);
    const title = `${loadMeterMap(map).model} unit ${unit} on ${factory.client(meter.id, transport).name}`;
    const print = (r: Parameters<typeof readingJson>[0]) => ctx.stdout.write(values.table ? readingTable(r, title) + '\n' : readingJson(r) + '\n');
    if (watchMs === undefined) {
      print(await meter.read());
      return EXIT_OK;
    }
    meter.on('fault', (f: MeterFault) => ctx.stderr.write(`${new Date().toISOString()} meter FAULTED (${f.kind} after ${f.failures} failed reads): ${f.message}\n`));
    meter.on('recovered', () => ctx.stderr.write(`${new Date().toISOString()} meter recovered: reading again\n`));
    let reads = 0;
    let lastOk = true;
    while (!ctx.signal.aborted) {
      const started = Date.now();
      try {
        print(await meter.read());
        lastOk = true;
      } catch (err) {
        if (!(err instanceof MeterReadError)) throw err;
        lastOk = false;
        const state = meter.fault ? ' [meter faulted]' : '';
        ctx.stderr.write(`${new Date().toISOString()} read failed: ${failureMessage(err)}${state}\n`);
      }
      reads++;
      if (count !== undefined && reads >= count) break;
      await sleepUnlessAborted(Math.max(0, watchMs - (Date.now() - started)), ctx.signal);
    }
    return lastOk ? EXIT_OK : EXIT_FAILURE;
  } finally {
    await factory.close();
  }
}

function maps(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandLine({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    ctx.stdout.write(MAPS_HELP);
    return Promise.resolve(EXIT_OK);
  }
  for (const name of listBuiltinMaps()) {
    const m = loadMeterMap(name);
    ctx.stdout.write(`${name.padEnd(10)}  ${m.description} (${m.entries.map((e) => e.measurand).join(', ')})\n`);
  }
  return Promise.resolve(EXIT_OK);
}

export const meterCommand: Command = {
  name: 'meter',
  summary: 'read an energy meter over Modbus (meter read, meter maps)',
  help: HELP,
  run: (argv, ctx) => runSubcommand('meter', argv, ctx, HELP, { read, maps }),
};
