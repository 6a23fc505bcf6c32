// Crash durability: a child committing in a loop is SIGKILLed; every commit it reported is on disk, in order, intact.
//
// How the child runs our TypeScript: Node 20 cannot run .ts and tsx is not installed, so this test
// transpiles agent/store/*.ts with the TypeScript compiler API (transpileModule: strip types, keep ESM)
// into a temp dir whose node_modules is a symlink to the project's, and the child (a plain .mjs
// fixture) imports that. The child therefore runs exactly the Store code under test, not a copy of
// its SQL.
//
// What this proves and what it cannot: SIGKILL stops the process at an arbitrary point, so this
// checks that nothing acknowledged after a commit is lost, that a half-done atomically() step never
// shows up, and that the file stays intact. A real power cut also loses the OS page cache; that part
// is covered by synchronous=FULL (fsync of the WAL per commit, asserted in migrations.test.ts) and
// cannot be simulated without a VM or a fault-injecting block device.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../agent/store/store.js';
import { tempDir } from './fixtures/temp-store.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/commit-loop.mjs', import.meta.url));
let buildDir = '';

beforeAll(() => {
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'charger-agent-store-build-'));
  const srcDir = path.join(repoRoot, 'agent', 'store');
  const outDir = path.join(buildDir, 'store');
  fs.mkdirSync(outDir);
  for (const name of fs.readdirSync(srcDir).filter((n) => n.endsWith('.ts'))) {
    const out = ts.transpileModule(fs.readFileSync(path.join(srcDir, name), 'utf8'), {
      fileName: name,
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    fs.writeFileSync(path.join(outDir, name.replace(/\.ts$/, '.js')), out.outputText);
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(buildDir, 'node_modules'), 'dir');
});

afterAll(() => {
  if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
});

interface Reported {
  enqueued: Map<number, number | undefined>; // id -> seqNo (undefined for plain messages)
  ackIntended: Map<number, number | undefined>; // id -> seqNo of the message being acked
  acked: Set<number>;
  seqNos: number[]; // in report order
}

/** Runs the child until it has reported `commits` enqueues, then SIGKILLs it mid-loop. */
function runAndKill(dataDir: string, commits: number, into: Reported): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fixture, pathToFileURL(path.join(buildDir, 'store', 'store.js')).href, dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buffered = '';
    let stderr = '';
    let count = 0;
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child reported only ${count}/${commits} commits within 15 s; stderr: ${stderr}`));
    }, 15_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let failure: Error | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        parse(chunk);
      } catch (err) {
        failure = err as Error;
        child.kill('SIGKILL');
      }
    });
    const parse = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [tag, a, b] = line.split(' ');
        const id = Number(a);
        if (tag === 'E') {
          into.enqueued.set(id, Number(b));
          into.seqNos.push(Number(b));
          count++;
        } else if (tag === 'S') {
          into.enqueued.set(id, undefined);
          count++;
        } else if (tag === 'a') into.ackIntended.set(id, b === '-' ? undefined : Number(b));
        else if (tag === 'A') into.acked.add(id);
      }
      if (count >= commits && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (signal === 'SIGKILL' && killed) resolve();
      else reject(new Error(`child exited unexpectedly (code ${code}, signal ${signal}); stderr: ${stderr}`));
    });
  });
}

describe('power cut (SIGKILL mid-write)', () => {
  it('keeps every reported commit, in order, with no reused or orphaned seqNo, and an intact file', async () => {
    const dataDir = tempDir();
    const reported: Reported = { enqueued: new Map(), ackIntended: new Map(), acked: new Set(), seqNos: [] };
    const rounds = [300, 450, 200];
    for (const [round, commits] of rounds.entries()) {
      await runAndKill(dataDir, commits + Math.floor(Math.random() * 150), reported);

      const store = Store.open(dataDir);
      try {
        expect(store.integrityCheck(), `round ${round}`).toEqual([]);
        const queued = store.list(1_000_000);
        const queuedIds = queued.map((m) => m.id);
        // ids are the send order
        expect(queuedIds).toEqual([...queuedIds].sort((x, y) => x - y));

        // every reported enqueue is still queued unless an ack of it was at least started
        const mustBePresent = [...reported.enqueued.keys()].filter((id) => !reported.ackIntended.has(id));
        const queuedSet = new Set(queuedIds);
        expect(mustBePresent.filter((id) => !queuedSet.has(id)), `round ${round}: lost commits`).toEqual([]);
        // every reported ack really removed the message
        expect([...reported.acked].filter((id) => queuedSet.has(id)), `round ${round}: resurrected acks`).toEqual([]);
        // at most the one commit in flight at the kill is on disk without having been reported
        expect(queuedIds.filter((id) => !reported.enqueued.has(id)).length).toBeLessThanOrEqual(1);

        // each message kept the seqNo reported with it, and its attempt was committed with it
        for (const m of queued) {
          if (m.kind !== 'TransactionEvent') continue;
          expect(m.attempts).toBe(1);
          const seq = (m.payload as { seqNo: number }).seqNo;
          if (reported.enqueued.has(m.id)) expect(seq).toBe(reported.enqueued.get(m.id));
        }

        // seqNos: strictly increasing across crashes (never reused; the step in flight at a kill may
        // have committed unreported, so the next round can skip one) ...
        for (let i = 1; i < reported.seqNos.length; i++) {
          expect(reported.seqNos[i]).toBeGreaterThan(reported.seqNos[i - 1] as number);
        }
        // ... and every allocated seqNo belongs to a committed message (allocate+enqueue was atomic)
        const tx = store.getTransaction('tx-power-cut');
        expect(tx).toBeDefined();
        const next = tx?.nextSeqNo ?? 0;
        expect(next).toBeGreaterThan(reported.seqNos.at(-1) ?? -1);
        const committedSeqNos = new Set<number>();
        for (const m of queued) {
          if (m.kind === 'TransactionEvent') committedSeqNos.add((m.payload as { seqNo: number }).seqNo);
        }
        for (const seq of reported.ackIntended.values()) if (seq !== undefined) committedSeqNos.add(seq);
        expect(committedSeqNos.size).toBe(next);
        expect(Math.max(...committedSeqNos)).toBe(next - 1);

        // the unreported in-flight commit is now known to be on disk: count it as reported
        for (const m of queued) {
          if (!reported.enqueued.has(m.id)) {
            reported.enqueued.set(m.id, m.kind === 'TransactionEvent' ? (m.payload as { seqNo: number }).seqNo : undefined);
          }
        }
      } finally {
        store.close();
      }
    }
    expect(reported.acked.size).toBeGreaterThan(100);
  }, 60_000);
});
