// `charger-agent run --config FILE`: the agent itself, until SIGINT/SIGTERM; a config error exits 2 naming the key.

import { pino } from 'pino';
import { ConfigError } from '../../config/config-errors.js';
import { loadConfig } from '../../config/load-config.js';
import { startAgent } from '../../run/start-agent.js';
import { parseChoice, parseCommandLine } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type Command } from '../context.js';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const HELP = `Usage: charger-agent run --config FILE [--log-level LEVEL]

Runs the charging station agent: connects to the CSMS named in the config, drives
the meters and contactors, runs transactions, and keeps every transaction event in
its database (dataDir) until the CSMS acknowledged it. Logs are JSON lines on
stdout (for journald). Stops on SIGINT/SIGTERM: contactors are opened first.

Options:
  --config FILE       the agent's JSON config (see config/simulators.json, config/example-rs485.json)
  --log-level LEVEL   ${LEVELS.join(' | ')} (default: the config's log.level)

Exit codes: 0 stopped on request, 1 failed to start, 2 bad command line or config.

Examples:
  charger-agent run --config /etc/charger-agent/config.json
  charger-agent run --config config/simulators.json --log-level debug
`;

export const runCommand: Command = {
  name: 'run',
  summary: 'run the agent with a config file (the service systemd starts)',
  help: HELP,
  async run(argv, ctx) {
    const { values } = parseCommandLine(
      { args: argv, options: { config: { type: 'string' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' } } },
      { config: 'a config file path', 'log-level': LEVELS.join(', ') },
    );
    if (values.help) {
      ctx.stdout.write(HELP);
      return EXIT_OK;
    }
    if (values.config === undefined) throw new UsageError('--config: missing, expected the path of the agent config file');
    const level = values['log-level'] === undefined ? undefined : parseChoice('log-level', values['log-level'], LEVELS);
    let config;
    try {
      config = loadConfig(values.config);
    } catch (err) {
      if (err instanceof ConfigError) {
        ctx.stderr.write(`${err.message}\n`);
        return EXIT_USAGE;
      }
      throw err;
    }
    const logger = pino({ level: level ?? config.log.level, base: { station: config.station.id } });
    let agent;
    try {
      agent = await startAgent(config, { logger });
    } catch (err) {
      logger.fatal({ err }, 'agent failed to start');
      ctx.stderr.write(`charger-agent run: ${err instanceof Error ? err.message : String(err)}\n`);
      return EXIT_FAILURE;
    }
    logger.info({ csms: config.csms.url, evses: config.evses.length, dataDir: config.dataDir }, 'agent started');
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    logger.info('stopping');
    await agent.stop();
    logger.info('stopped');
    // Stopped cleanly (contactors open, database closed): a handle a library still holds (e.g. a socket to a CSMS
    // that went silent) must not keep the process past systemd's TimeoutStopSec.
    setTimeout(() => process.exit(EXIT_OK), 1000).unref();
    return EXIT_OK;
  },
};
