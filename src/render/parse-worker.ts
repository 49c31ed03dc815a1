// Worker thread entry of the parse pool: reads and parses manifest files (or tool output) so that
// large YAML never blocks the API's event loop; failures travel back as plain data.
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { RenderError } from './errors.js';
import { parseJsonOutput, parseManifests } from './parse-manifests.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

async function handle(req: ParseRequest): Promise<ParseReply> {
  try {
    const text = req.file !== undefined ? await readFile(req.file, 'utf8') : (req.text ?? '');
    const parse = req.opts.format === 'json' ? parseJsonOutput : parseManifests;
    return { id: req.id, objects: parse(text, req.opts) };
  } catch (e) {
    if (e instanceof RenderError)
      return {
        id: req.id,
        renderError: {
          message: e.summary,
          details: { reason: e.reason, tool: e.tool, file: e.file, line: e.line, hint: e.hint },
        },
      };
    if (req.file !== undefined && (e as NodeJS.ErrnoException).code)
      return {
        id: req.id,
        renderError: {
          message: `cannot read: ${String(e)}`,
          details: { reason: 'InvalidManifest', tool: req.opts.tool, file: req.opts.file },
        },
      };
    return { id: req.id, bug: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

parentPort?.on('message', (req: ParseRequest) => {
  void handle(req).then((reply) => parentPort?.postMessage(reply));
});
