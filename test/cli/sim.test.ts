import { describe, expect, it } from 'vitest';
import { Capture, runCli } from './cli-harness.js';

/** Resolves with the first match of `re` in what `out` has received, or rejects after `timeoutMs`. */
function waitForOutput(out: Capture, re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(out.text);
      if (!m) return false;
      clearTimeout(timer);
      out.onWrite = undefined;
      resolve(m);
      return true;
    };
    const timer = setTimeout(() => reject(new Error(`no ${re} in output within ${timeoutMs} ms: ${out.text}`)), timeoutMs);
    if (!check()) out.onWrite = () => void check();
  });
}

describe('charger-agent sim', () => {
  it('sim --tcp 0 --duration 1 prints the bound port and the unit map, serves the meter, and stops by itself', async () => {
    const stdout = new Capture();
    const started = Date.now();
    const sim = runCli(['sim', '--tcp', '0', '--duration', '1'], { stdout });
    const [, port] = await waitForOutput(stdout, /Modbus TCP: 127\.0\.0\.1:(\d+)\n/, 5000);
    expect(Number(port)).toBeGreaterThan(0);
    expect(stdout.text).toMatch(/EVSE 1: meter unit 1; contactor unit 11 \(coil 0, feedback input 0\); charge controller unit 21/);

    const read = await runCli(['meter', 'read', '--driver', 'sdm630', '--tcp', `127.0.0.1:${port}`]);
    expect(read.code).toBe(0);
    expect((JSON.parse(read.stdout) as { energyImportWh: number }).energyImportWh).toBeCloseTo(1_234_567, -1);

    const done = await sim;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/simulator stopped\n$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);

    // the server is gone
    const after = await runCli(['meter', 'read', '--driver', 'sdm630', '--tcp', `127.0.0.1:${port}`, '--retries', '0']);
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/transport: cannot connect to tcp:\/\/127\.0\.0\.1:\d+/);
  });

  it('sim --pty --evses 2 --plugged: the agent side of the pty drives EVSE 2 over RTU until the sim is stopped', async () => {
    const stdout = new Capture();
    const stop = new AbortController();
    const sim = runCli(['sim', '--pty', '--evses', '2', '--plugged', '--ev-power', '11000', '--baud', '115200'], { stdout, signal: stop.signal });
    try {
      const [, path] = await waitForOutput(stdout, /connect the agent to (\S+) \(--rtu/, 5000);
      await waitForOutput(stdout, /running until Ctrl-C/, 5000);
      expect(stdout.text).not.toMatch(/Modbus TCP/);
      expect(stdout.text).toMatch(/EVSE 2: meter unit 2; contactor unit 12 .*EV plugged/);
      const rtu = ['--rtu', path!, '--baud', '115200'];
      const close = await runCli(['contactor', 'close', ...rtu, '--unit', '12', '--coil', '0', '--feedback-input', '0']);
      expect(close.code).toBe(0);
      // the plugged EV draws its 11 kW through the closed contactor (the rig re-evaluates every 100 ms)
      let power = 0;
      for (let i = 0; i < 20 && power < 10_000; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const read = await runCli(['meter', 'read', '--driver', 'sdm630', ...rtu, '--unit', '2']);
        expect(read.code).toBe(0);
        power = (JSON.parse(read.stdout) as { powerW: number }).powerW;
      }
      expect(power).toBeCloseTo(11_000, 0);
    } finally {
      stop.abort();
    }
    const done = await sim;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/simulator stopped\n$/);
  });

  it('bad simulator options exit 2 naming the option', async () => {
    const evses = await runCli(['sim', '--evses', '0']);
    expect(evses.code).toBe(2);
    expect(evses.stderr).toMatch(/^charger-agent sim: --evses: got "0", expected an integer 1\.\.9/);
    const model = await runCli(['sim', '--meter-model', 'sdm999', '--duration', '1']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/--meter-model: got "sdm999", expected one of sdm630, sdm72d-m, abb-b23/);
    const port = await runCli(['sim', '--tcp', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--tcp: got "70000", expected an integer 0\.\.65535/);
  });
});
