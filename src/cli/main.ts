// The `driftless` command line: thin commands that parse flags and call one service each.
import { buildProgram, commandOf } from './program.js';

const args = process.argv.slice(2);
await (await buildProgram(commandOf(args), args)).parseAsync(process.argv);
