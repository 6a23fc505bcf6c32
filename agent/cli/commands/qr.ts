// `charger-agent qr show`: the payment QR code and what the station display shows, read from the running agent's kiosk server.

import { runSubcommand } from '../subcommands.js';
import type { EvseDisplayState } from '../../core/display/display-state.js';
import { loadConfig } from '../../config/load-config.js';
import { fetchDisplayState, followDisplayEvents, KioskUnreachableError } from '../../display/kiosk-client.js';
import { renderTerminal } from '../../display/terminal-renderer.js';
import { parseCommandLine, parseInteger } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, sleepUnlessAborted, UsageError, type Command, type CommandContext } from '../context.js';

/** The kiosk port when neither --url nor the config names one. */
export const DEFAULT_KIOSK_PORT = 8089;

const HELP = `Usage: charger-agent qr show [--evse N] [--url URL | --config FILE] [--watch] [--json]

Shows what the station display shows, in the terminal: each EVSE's name and
connector, its phase, the price (or the running session, or the totals) and the
current payment QR code (or the receipt link), read from the running agent's
kiosk server (GET /state on loopback).

Options:
  --evse N        only this EVSE (default: all)
  --url URL       the agent's kiosk server (default http://127.0.0.1:${DEFAULT_KIOSK_PORT})
  --config FILE   take the kiosk port from the agent's config (display.kioskPort)
  --watch         redraw at every change (each new code, each phase) until Ctrl-C
  --json          print the display state as JSON instead

Examples:
  charger-agent qr show --evse 1
  charger-agent qr show --config /etc/charger-agent/config.json --watch
  charger-agent qr show --url http://127.0.0.1:8089 --json
`;

function kioskBase(values: { url?: string | undefined; config?: string | undefined }): string {
  if (values.url !== undefined && values.config !== undefined) {
    throw new UsageError(`--url "${values.url}" and --config "${values.config}" given, expected only one`);
  }
  if (values.url !== undefined) {
    let u: URL;
    try {
      u = new URL(values.url);
    } catch {
      throw new UsageError(`--url: got "${values.url}", expected an http URL, e.g. http://127.0.0.1:${DEFAULT_KIOSK_PORT}`);
    }
    if (u.protocol !== 'http:') throw new UsageError(`--url: got "${values.url}", expected an http:// URL (the kiosk server is plain HTTP on loopback)`);
    return u.href;
  }
  if (values.config !== undefined) {
    const config = loadConfig(values.config) as unknown as { display?: { kioskPort?: unknown } };
    const port = config.display?.kioskPort;
    if (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536) return `http://127.0.0.1:${port}/`;
  }
  return `http://127.0.0.1:${DEFAULT_KIOSK_PORT}/`;
}

async function render(states: EvseDisplayState[], evse: number | undefined, json: boolean): Promise<string> {
  const chosen = evse === undefined ? states : states.filter((s) => s.evseId === evse);
  if (chosen.length === 0) {
    const known = states.map((s) => s.evseId).join(', ') || 'none';
    throw new KioskUnreachableError(evse === undefined ? 'the agent reports no EVSE on its display' : `EVSE ${evse} is not on the display; EVSEs: ${known}`);
  }
  if (json) return JSON.stringify(evse === undefined ? chosen : chosen[0], null, 2) + '\n';
  const parts = await Promise.all(chosen.map((s) => renderTerminal(s)));
  return parts.join('\n');
}

async function show(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        evse: { type: 'string' },
        url: { type: 'string' },
        config: { type: 'string' },
        watch: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    { evse: 'an EVSE id, e.g. 1', url: `the kiosk server, e.g. http://127.0.0.1:${DEFAULT_KIOSK_PORT}`, config: 'the path of the agent config file' },
  );
  if (values.help) {
    ctx.stdout.write(HELP);
    return EXIT_OK;
  }
  const evse = values.evse === undefined ? undefined : parseInteger('evse', values.evse, 1, 999);
  const base = kioskBase(values);
  const json = values.json === true;
  try {
    if (!values.watch) {
      const doc = await fetchDisplayState(base);
      ctx.stdout.write(await render(doc.evses, evse, json));
      return EXIT_OK;
    }
    const clear = (ctx.stdout as { isTTY?: boolean }).isTTY === true && !json;
    let last = '';
    while (!ctx.signal.aborted) {
      try {
        await followDisplayEvents(base, ctx.signal, async () => {
          const doc = await fetchDisplayState(base);
          const text = await render(doc.evses, evse, json);
          if (text === last) return;
          last = text;
          ctx.stdout.write(clear ? `\x1b[H\x1b[2J${text}` : `--- ${new Date(doc.serverTime).toISOString()}\n${text}`);
        });
      } catch (err) {
        if (!(err instanceof KioskUnreachableError)) throw err;
        ctx.stderr.write(`${err.message}; retrying in 2 s\n`);
        last = '';
        await sleepUnlessAborted(2000, ctx.signal);
      }
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof KioskUnreachableError) {
      ctx.stderr.write(`${ctx.prog}: ${err.message}\n`);
      return EXIT_FAILURE;
    }
    throw err;
  }
}

export const qrCommand: Command = {
  name: 'qr',
  summary: "show the station display's payment QR code and price in the terminal (qr show)",
  help: HELP,
  run: (argv, ctx) => runSubcommand('qr', argv, ctx, HELP, { show }),
};
