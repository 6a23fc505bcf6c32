// The shape the code keeps (issue #10): the core imports nothing above it, no import loops, small files, each block findable by its OCPP name.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../hal/package-root.js';

const root = packageRoot();

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a module, as repository paths (`.js` specifiers mapped back to their `.ts` source). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
    const spec = m[1]!;
    out.push(relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return out;
}

const GENERATED = new Set(['agent/core/types/v21.ts', 'agent/ocpp/types/v201.ts', 'agent/ocpp/types/v16.ts']);
const files = [...sources('agent'), ...sources('hal'), ...sources('simulators')];

describe('architecture (issue #10)', () => {
  it('the core imports nothing from ocpp/, config/, run/ or cli/', () => {
    const bad = sources('agent/core').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^agent\/(ocpp|config|run|cli)\//.test(i))
        .map((i) => `${f} -> ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('no import loops among agent/, hal/ and simulators/', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const loops: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        loops.push([...path.slice(path.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      for (const next of graph.get(f) ?? []) if (graph.has(next)) visit(next, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(loops).toEqual([]);
  });

  it('no hand-written module over 450 lines, and each starts with a one-line purpose comment', () => {
    const long = files.filter((f) => !GENERATED.has(f)).filter((f) => readFileSync(join(root, f), 'utf8').split('\n').length > 450);
    expect(long).toEqual([]);
    const undocumented = files.filter((f) => !readFileSync(join(root, f), 'utf8').replace(/^#!.*\n/, '').startsWith('//'));
    expect(undocumented).toEqual([]);
  });

  it('each OCPP functional block has its home in agent/core and its handlers in both adapters', () => {
    const core = ['provisioning', 'availability', 'transactions', 'limits', 'tariffs', 'payments', 'pricing'];
    for (const block of core) expect(readdirSync(join(root, 'agent/core', block)).length, block).toBeGreaterThan(0);
    const handlers = ['provisioning', 'availability', 'transactions', 'meter-values', 'tariffs-and-cost', 'web-payments'];
    for (const h of handlers) {
      expect(files, `v2/${h}`).toContain(`agent/ocpp/v2/${h}.ts`);
      expect(files, `v16/${h}`).toContain(`agent/ocpp/v16/${h}.ts`);
    }
  });
});
