// The version of this driftless package (package.json), for `--version` and the server's version endpoint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../common/package-root.js';

let version: string | undefined;

/** Read on first use, not at module load: importing this module costs a command's start nothing. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
    .version;
  return version;
}
