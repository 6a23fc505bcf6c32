// `charger-agent status --config FILE`: what the running agent last reported: connection, EVSEs, transactions, queue.

import { loadConfig } from '../../config/load-config.js';
import { readStatus, type StatusDocument } from '../../run/status-file.js';
import { parseCommandLine } from '../args.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command } from '../context.js';

const HELP = `Usage: charger-agent status --config FILE [--json]

Shows what the running agent reported last (it writes <dataDir>/status.json every
second): the CSMS connection and OCPP version, each EVSE's connector status, the
open transactions with their energy and limit, and the number of transaction
events waiting to be sent.

Options:
  --config FILE   the agent's config (to find its dataDir)
  --json          print the status document as JSON

Example:
  charger-agent status --config /etc/charger-agent/config.json
`;

/** Older than this, the agent is probably not running. */
const STALE_MS = 5000;

export function formatStatus(s: StatusDocument, now = Date.now()): string {
  const age = now - Date.parse(s.writtenAt);
  const lines = [
    `station ${s.stationId}  pid ${s.pid}  up since ${s.startedAt}`,
    age > STALE_MS ? `WARNING: status is ${Math.round(age / 1000)} s old: is the agent running?` : `status age ${age} ms`,
    `CSMS: ${s.connected ? `connected (${s.protocol ?? '?'}), registration ${s.registration}` : 'not connected'}`,
    `queued transaction events: ${s.queueDepth}`,
  ];
  for (const e of s.evses) {
    lines.push(`EVSE ${e.evseId} connector ${e.connectorId}: ${e.status}${e.operative ? '' : ' (Inoperative)'}`);
    const t = e.transaction;
    if (t) {
      const limits = Object.entries(t.limits).map(([k, v]) => `${k}=${String(v)}`).join(' ') || 'none';
      lines.push(`  transaction ${t.transactionId}: ${t.chargingState}, ${t.energyWh} Wh since ${t.startedAt}, limit ${limits}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const statusCommand: Command = {
  name: 'status',
  summary: "show the running agent's connection, EVSEs, transactions and queue",
  help: HELP,
  async run(argv, ctx) {
    const { values } = parseCommandLine({ args: argv, options: { config: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      ctx.stdout.write(HELP);
      return EXIT_OK;
    }
    if (values.config === undefined) throw new UsageError('--config: missing, expected the path of the agent config file');
    const config = loadConfig(values.config);
    const s = readStatus(config.dataDir);
    if (!s) {
      ctx.stderr.write(`no status in ${config.dataDir}: the agent has not run with this config\n`);
      return EXIT_FAILURE;
    }
    ctx.stdout.write(values.json ? JSON.stringify(s, null, 2) + '\n' : formatStatus(s));
    return Promise.resolve(EXIT_OK);
  },
};
