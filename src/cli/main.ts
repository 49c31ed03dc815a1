// The `driftless` command line: thin commands that parse flags and call one service each.
import { buildProgram, commandOf } from './program.js';

await (await buildProgram(commandOf(process.argv.slice(2)))).parseAsync(process.argv);
