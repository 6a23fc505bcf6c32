import { describe, expect, it } from 'vitest';
import { parseTransport } from '../../agent/cli/args.js';
import { UsageError } from '../../agent/cli/context.js';
import { runCli } from './cli-harness.js';

const read = (...args: string[]) => runCli(['meter', 'read', ...args]);

describe('bad arguments: exit 2 with one line naming the option, the value and what was expected', () => {
  it.each<[string, string[], RegExp]>([
    ['--tcp without a port', ['--driver', 'sdm630', '--tcp', '127.0.0.1'], /--tcp: got "127\.0\.0\.1", expected HOST:PORT/],
    ['--tcp with a port out of range', ['--driver', 'sdm630', '--tcp', 'meter.local:99999'], /--tcp: got "meter\.local:99999", expected HOST:PORT with a port 1\.\.65535/],
    ['--tcp with no value', ['--driver', 'sdm630', '--tcp'], /--tcp: missing value, expected HOST:PORT/],
    ['--parity bogus', ['--driver', 'sdm630', '--rtu', '/dev/ttyUSB0', '--parity', 'bogus'], /--parity: got "bogus", expected one of none, even, odd/],
    ['--stop-bits 3', ['--driver', 'sdm630', '--rtu', '/dev/ttyUSB0', '--stop-bits', '3'], /--stop-bits: got "3", expected one of 1, 2/],
    ['--baud not a number', ['--driver', 'sdm630', '--rtu', '/dev/ttyUSB0', '--baud', 'fast'], /--baud: got "fast", expected an integer 300\.\.4000000/],
    ['--baud with --tcp', ['--driver', 'sdm630', '--tcp', '10.0.0.2:502', '--baud', '9600'], /--baud: given "9600" with --tcp, expected it only with --rtu/],
    ['an unknown driver', ['--driver', 'sdm999', '--tcp', '10.0.0.2:502'], /--driver: got "sdm999", expected one of abb-b23, sdm630, sdm72d-m/],
    ['a missing map file', ['--map', '/nonexistent/map.json', '--tcp', '10.0.0.2:502'], /--map: meter map "\/nonexistent\/map\.json" is neither a built-in model/],
    ['--driver and --map', ['--driver', 'sdm630', '--map', 'x.json', '--tcp', '10.0.0.2:502'], /--driver "sdm630" and --map "x\.json" given, expected only one/],
    ['no driver', ['--tcp', '10.0.0.2:502'], /no meter model, expected --driver/],
    ['no address', ['--driver', 'sdm630'], /no device address, expected --tcp HOST:PORT or --rtu DEVICE/],
    ['both addresses', ['--driver', 'sdm630', '--tcp', '10.0.0.2:502', '--rtu', '/dev/ttyUSB0'], /--tcp "10\.0\.0\.2:502" and --rtu "\/dev\/ttyUSB0" given, expected only one/],
    ['--unit 248 on RTU', ['--driver', 'sdm630', '--rtu', '/dev/ttyUSB0', '--unit', '248'], /--unit: got "248", expected an integer 1\.\.247/],
    ['--watch 0', ['--driver', 'sdm630', '--tcp', '10.0.0.2:502', '--watch', '0'], /--watch: got "0", expected an integer 10\.\./],
    ['--count without --watch', ['--driver', 'sdm630', '--tcp', '10.0.0.2:502', '--count', '3'], /--count: given "3" without --watch/],
    ['an unknown option', ['--driver', 'sdm630', '--tcp', '10.0.0.2:502', '--colour'], /unknown option --colour, expected one of .*--tcp/],
    ['a value for a flag', ['--driver', 'sdm630', '--tcp', '10.0.0.2:502', '--table=yes'], /--table takes no value/],
    ['a stray argument', ['--driver', 'sdm630', '--tcp', '10.0.0.2:502', 'now'], /unexpected argument "now"/],
  ])('meter read: %s', async (_name, args, message) => {
    const { code, stdout, stderr } = await read(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^charger-agent meter read: /);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/\(see charger-agent meter read --help\)\n$/);
    expect(stderr.split('\n')).toHaveLength(2); // one line
  });

  it.each<[string, string[], RegExp]>([
    ['no action', ['--tcp', '10.0.0.2:502', '--unit', '11', '--coil', '0'], /missing action, expected open, close or status/],
    ['an unknown action', ['toggle', '--tcp', '10.0.0.2:502', '--unit', '11', '--coil', '0'], /unknown action "toggle", expected open, close or status/],
    ['an unknown driver', ['open', '--driver', 'relay', '--tcp', '10.0.0.2:502', '--unit', '11', '--coil', '0'], /--driver: got "relay", expected one of modbus-coil/],
    ['no unit', ['open', '--tcp', '10.0.0.2:502', '--coil', '0'], /--unit is required/],
    ['no coil', ['open', '--tcp', '10.0.0.2:502', '--unit', '11'], /--coil is required/],
    ['two feedbacks', ['open', '--tcp', '10.0.0.2:502', '--unit', '11', '--coil', '0', '--feedback-input', '0', '--feedback-coil', '1'], /--feedback-input "0" and --feedback-coil "1" given, expected only one/],
    ['inverted without feedback', ['open', '--tcp', '10.0.0.2:502', '--unit', '11', '--coil', '0', '--feedback-inverted'], /--feedback-inverted given without --feedback-input or --feedback-coil/],
    ['a negative coil', ['open', '--tcp', '10.0.0.2:502', '--unit', '11', '--coil', '-1'], /--coil: got "-1", expected an integer 0\.\.65535/],
  ])('contactor: %s', async (_name, args, message) => {
    const { code, stderr } = await runCli(['contactor', ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^charger-agent contactor/);
    expect(stderr).toMatch(message);
  });

  it('an unknown command or subcommand', async () => {
    const cmd = await runCli(['metre', 'read']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/^charger-agent: unknown command "metre", expected one of .*\bmeter, contactor, sim\b.*help/);
    const sub = await runCli(['meter', 'write']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/^charger-agent meter: unknown meter command "write", expected read or maps/);
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Usage: charger-agent <command>/);
  });
});

describe('help', () => {
  it('charger-agent help lists every subcommand', async () => {
    for (const argv of [['help'], ['--help']]) {
      const { code, stdout } = await runCli(argv);
      expect(code).toBe(0);
      for (const name of ['meter', 'contactor', 'sim', 'help']) expect(stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    }
  });

  it.each([
    [['meter', 'read', '--help'], /Usage: charger-agent meter read/],
    [['help', 'meter'], /Usage: charger-agent meter <read\|maps>/],
    [['meter', 'maps', '-h'], /Usage: charger-agent meter maps/],
    [['contactor', '--help'], /Usage: charger-agent contactor <open\|close\|status>/],
    [['help', 'contactor'], /Usage: charger-agent contactor/],
    [['sim', '--help'], /Usage: charger-agent sim/],
  ])('%j shows usage with examples', async (argv, usage) => {
    const { code, stdout } = await runCli(argv);
    expect(code).toBe(0);
    expect(stdout).toMatch(usage);
    expect(stdout).toMatch(/Examples?:\n {2}charger-agent /);
  });

  it('help for an unknown command exits 2', async () => {
    const { code, stderr } = await runCli(['help', 'no-such-command']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command "no-such-command"/);
  });
});

describe('parseTransport', () => {
  it('fills in RTU line defaults and keeps timing options', () => {
    expect(parseTransport({ rtu: '/dev/ttyUSB0', timeout: '250' })).toEqual({
      kind: 'rtu',
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      parity: 'none',
      stopBits: 1,
      timeoutMs: 250,
    });
    expect(parseTransport({ rtu: '/dev/ttyUSB0', baud: '19200', parity: 'even', 'stop-bits': '2' })).toMatchObject({ baudRate: 19200, parity: 'even', stopBits: 2 });
  });

  it('accepts host names and bracketed IPv6 addresses with a port', () => {
    expect(parseTransport({ tcp: 'meter-gw.local:502' })).toEqual({ kind: 'tcp', host: 'meter-gw.local', port: 502 });
    expect(parseTransport({ tcp: '[::1]:5020' })).toEqual({ kind: 'tcp', host: '::1', port: 5020 });
    expect(() => parseTransport({ tcp: '::1:5020' })).toThrow(UsageError);
  });
});
