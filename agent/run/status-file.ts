// The running agent's status snapshot, written atomically to <dataDir>/status.json for `charger-agent status` to read.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StationSnapshot } from '../core/station/station-core.js';

export const STATUS_FILE = 'status.json';

export interface StatusDocument extends StationSnapshot {
  stationId: string;
  pid: number;
  writtenAt: string;
  startedAt: string;
}

export function writeStatus(dataDir: string, doc: StatusDocument): void {
  const file = join(dataDir, STATUS_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(doc, null, 2));
  renameSync(tmp, file);
}

/** The last status the agent wrote, or undefined when there is none. */
export function readStatus(dataDir: string): StatusDocument | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, STATUS_FILE), 'utf8')) as StatusDocument;
  } catch {
    return undefined;
  }
}
