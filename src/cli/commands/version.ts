// `driftless version`: the client version and the pinned tool versions.
import type { Command } from 'commander';
import { readVersions } from '../../localcluster/versions.js';
import { action, newCommand, outputOption, printStructured, type OutputFormat } from '../output.js';
import { packageVersion } from '../package-version.js';

export function versionCommand(): Command {
  return newCommand('version', 'print the version of driftless and of the tools it builds')
    .addOption(outputOption())
    .action(
      action(async (opts: { output: OutputFormat }) => {
        const info = { driftless: packageVersion(), node: process.version, tools: readVersions() };
        if (opts.output !== 'table') return printStructured(info, opts.output);
        process.stdout.write(`driftless ${packageVersion()} (node ${process.version})\n`);
        for (const [k, v] of Object.entries(info.tools)) process.stdout.write(`  ${k} ${v}\n`);
      }),
    );
}
