// The `driftless` command line: thin commands that parse flags and call one service each.
import { packageVersion } from './package-version.js';

const args = process.argv.slice(2);
// `driftless --version` alone answers before the parser loads (commander and what it requires are most of its start).
if (args.length === 1 && args[0] === '--version') process.stdout.write(`${packageVersion()}\n`);
else {
  const { buildProgram, commandOf } = await import('./program.js');
  await (await buildProgram(commandOf(args), args)).parseAsync(process.argv);
}
