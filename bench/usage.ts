// Command lines of the benchmarks: --help prints the usage and exits before any work; an unknown
// option is an error that shows the usage (a typo must not start a long run with the defaults).
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed options of `options`, or exit: 0 after printing `usage` for --help, 2 on a bad command line. */
export function benchArgs<O extends Options>(usage: string, options: O) {
  try {
    const { values } = parseArgs({ options, strict: true, args: process.argv.slice(2).filter(notHelp) });
    if (process.argv.slice(2).some((a) => !notHelp(a))) {
      console.log(usage.trim());
      process.exit(0);
    }
    return values;
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${usage.trim()}`);
    process.exit(2);
  }
}

const notHelp = (arg: string) => arg !== '--help' && arg !== '-h';

/** A positive whole number from an option, or exit 2 saying which option was wrong. */
export function countOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return n;
  console.error(`--${name} must be a positive whole number, not "${value}"`);
  process.exit(2);
}
