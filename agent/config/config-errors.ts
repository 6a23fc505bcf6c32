// ConfigError: every problem found in a config file at once, each naming the key path, the value found and what was expected.

export interface ConfigProblem {
  /** Key path in the file, e.g. `evses[0].meter.unit`; '' for the file as a whole. */
  path: string;
  /** What is wrong, written for a technician reading a serial console. */
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = 'ConfigError';
  }
}

function formatProblems(file: string, problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `config ${file} has ${count}:\n${lines.join('\n')}`;
}

/** A value as JSON for an error message, cut at `max` characters. */
export function show(value: unknown, max = 60): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
