// Shared CLI plumbing: output formats, exit codes, and turning errors into one clear line.
import { Command, Option, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import type { stringify as yamlStringify } from 'yaml';
import { formatError } from '../common/errors.js';

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export type OutputFormat = 'table' | 'json' | 'yaml' | 'wide' | 'name';

export function outputOption(
  formats: OutputFormat[] = ['table', 'json', 'yaml'],
  def: OutputFormat = 'table',
): Option {
  return new Option('-o, --output <format>', 'output format').choices(formats).default(def);
}

const requireHere = createRequire(import.meta.url);

/** The YAML library, loaded by the first command that prints YAML: most runs never need it. */
function loadYaml(): { stringify: typeof yamlStringify } {
  return requireHere('yaml') as { stringify: typeof yamlStringify };
}

export function printStructured(value: unknown, format: OutputFormat): void {
  if (format === 'yaml') process.stdout.write(loadYaml().stringify(value));
  else process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Prints rows as aligned columns. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write([line(headers), ...rows.map(line)].join('\n') + '\n');
}

/** Progress for long operations goes to stderr, so stdout stays machine-readable. */
export function progress(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** Runs a command action, turning errors into one line + hint and the right exit code. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number | void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (e) {
      process.stderr.write(formatError(e, { verbose: process.env.DRIFTLESS_DEBUG === '1' }) + '\n');
      process.exitCode = e instanceof CommanderError ? EXIT.usage : EXIT.failure;
    }
  };
}

export function newCommand(name: string, description: string): Command {
  return new Command(name).description(description).showHelpAfterError('(run with --help for usage)');
}
