// `charger-agent sim`: runs the station simulators (meters, contactors, EVs) on Modbus TCP, a serial port or a pty pair.

import { EV_IO } from '../../../simulators/ev/ev-sim.js';
import { SIM_METER_TABLES } from '../../../simulators/meter/tables/index.js';
import { openPtyPair, type PtyPair } from '../../../simulators/modbus/pty-pair.js';
import { StationRig, type StationRigOptions } from '../../../simulators/station-rig.js';
import { parseChoice, parseCommandLine, parseInteger, parseNumber } from '../args.js';
import { EXIT_OK, sleepUnlessAborted, UsageError, type Command } from '../context.js';

const HELP = `Usage: charger-agent sim [--evses N] [--tcp PORT] [--rtu DEVICE] [--pty] [options]

Runs a simulated station: per EVSE n an energy meter (unit n), a contactor on a
relay module (unit 10+n: coil 0, feedback discrete input 0) and a charge
controller with the EV (unit 20+n: plugged input 0, ready input 1, pilot
register 0). Power flows when the contactor is closed and the EV requests it.
Without --tcp, --rtu or --pty it serves Modbus TCP on 127.0.0.1:5020.

Options:
  --evses N              number of EVSEs, 1..9 (default 1)
  --tcp PORT             serve Modbus TCP on PORT (0 = any free port; it is printed)
  --host ADDR            address the TCP server binds (default 127.0.0.1)
  --rtu DEVICE           serve Modbus RTU on a serial device (the other end of an RS-485 line)
  --pty                  create a pty pair with socat and serve RTU on one end;
                         the path to give the agent/CLI (--rtu PATH) is printed
  --baud N               RTU baud rate (default 9600; 8N1)
  --meter-model MODEL    ${Object.keys(SIM_METER_TABLES).join(' | ')} (default sdm630)
  --ev-power W           the EV's maximum charging power (default 22000)
  --plugged              plug every EV in at start
  --duration S           stop after S seconds (default: run until Ctrl-C)

Examples:
  charger-agent sim --evses 2 --plugged
  charger-agent sim --pty --meter-model abb-b23
  charger-agent sim --tcp 0 --duration 60
  charger-agent sim --rtu /dev/ttyUSB1 --baud 19200 --evses 4 --ev-power 11000 --plugged
`;

export const simCommand: Command = {
  name: 'sim',
  summary: 'run simulated meters, contactors and EVs on Modbus TCP/RTU (for testing without hardware)',
  help: HELP,
  async run(argv, ctx) {
    const { values } = parseCommandLine(
      {
        args: argv,
        options: {
          evses: { type: 'string' },
          tcp: { type: 'string' },
          host: { type: 'string' },
          rtu: { type: 'string' },
          pty: { type: 'boolean' },
          baud: { type: 'string' },
          'meter-model': { type: 'string' },
          'ev-power': { type: 'string' },
          plugged: { type: 'boolean' },
          duration: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      },
      {
        evses: 'a number of EVSEs 1..9',
        tcp: 'a TCP port, e.g. 5020',
        host: 'an address to bind, e.g. 127.0.0.1',
        rtu: 'a serial device, e.g. /dev/ttyUSB1',
        baud: 'a baud rate, e.g. 9600',
        'meter-model': Object.keys(SIM_METER_TABLES).join(', '),
        'ev-power': 'a power in W, e.g. 11000',
        duration: 'a time in seconds',
      },
    );
    if (values.help) {
      ctx.stdout.write(HELP);
      return EXIT_OK;
    }
    const evses = values.evses === undefined ? 1 : parseInteger('evses', values.evses, 1, 9);
    const meterModel = values['meter-model'] === undefined ? 'sdm630' : parseChoice('meter-model', values['meter-model'], Object.keys(SIM_METER_TABLES));
    const baud = values.baud === undefined ? 9600 : parseInteger('baud', values.baud, 300, 4_000_000);
    if (values.baud !== undefined && values.rtu === undefined && !values.pty) throw new UsageError(`--baud: given "${values.baud}" without --rtu or --pty, expected it only with them`);
    if (values.host !== undefined && values.tcp === undefined) throw new UsageError(`--host: given "${values.host}" without --tcp, expected it only with --tcp PORT`);
    const durationS = values.duration === undefined ? undefined : parseNumber('duration', values.duration, 0.01, 31_536_000, 's');
    const options: StationRigOptions = { evses, meterModel };
    if (values['ev-power'] !== undefined) options.ev = { maxPowerW: parseNumber('ev-power', values['ev-power'], 0, 1_000_000, 'W') };
    const serveDefaultTcp = values.tcp === undefined && values.rtu === undefined && !values.pty;
    const tcpPort = values.tcp !== undefined ? parseInteger('tcp', values.tcp, 0, 65535) : serveDefaultTcp ? 5020 : undefined;

    const rig = new StationRig(options);
    let pty: PtyPair | undefined;
    try {
      ctx.stdout.write(`station simulator: ${evses} EVSE(s), meter model ${meterModel}\n`);
      if (tcpPort !== undefined) {
        const host = values.host ?? '127.0.0.1';
        const port = await rig.serveTcp(tcpPort, host);
        ctx.stdout.write(`Modbus TCP: ${host}:${port}\n`);
      }
      if (values.rtu !== undefined) {
        await rig.serveRtu(values.rtu, baud);
        ctx.stdout.write(`Modbus RTU: ${values.rtu} at ${baud} baud, 8N1\n`);
      }
      if (values.pty) {
        pty = await openPtyPair();
        await rig.serveRtu(pty.simPath, baud);
        ctx.stdout.write(`Modbus RTU on a pty pair: connect the agent to ${pty.agentPath} (--rtu ${pty.agentPath} --baud ${baud})\n`);
      }
      for (const e of rig.evses) {
        if (values.plugged) e.ev.plug();
        ctx.stdout.write(
          `EVSE ${e.evseId}: meter unit ${e.units.meter}; contactor unit ${e.units.contactor} (coil ${e.contactor.coil}, feedback input ${e.contactor.feedbackInput}); ` +
            `charge controller unit ${e.units.controller} (plugged input ${EV_IO.pluggedInput}, ready input ${EV_IO.readyInput}, pilot register ${EV_IO.pilotRegister}); ` +
            `EV ${e.ev.isPlugged ? 'plugged' : 'not plugged'}\n`,
        );
      }
      ctx.stdout.write(durationS === undefined ? 'running until Ctrl-C\n' : `running for ${durationS} s (Ctrl-C stops earlier)\n`);
      if (durationS === undefined) {
        await new Promise<void>((resolve) => {
          if (ctx.signal.aborted) resolve();
          else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
      } else {
        await sleepUnlessAborted(durationS * 1000, ctx.signal);
      }
      ctx.stdout.write('simulator stopped\n');
      return EXIT_OK;
    } finally {
      await rig.close();
      await pty?.close();
    }
  },
};
