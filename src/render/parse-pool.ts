// Parses manifests on a worker thread: the render's CPU-heavy step runs beside the API's event loop,
// one file (or one tool output) per message so that results come back in small pieces.
import { Worker } from 'node:worker_threads';
import { BugError } from '../common/errors.js';
import { RenderError, type RenderErrorDetails } from './errors.js';
import type { ParseOptions, SourcedObject } from './parse-manifests.js';

export interface ParseRequest {
  id: number;
  /** A file to read and parse, or … */
  file?: string;
  /** … text to parse. */
  text?: string;
  opts: ParseOptions;
}

export type ParseReply =
  | { id: number; objects: SourcedObject[] }
  | { id: number; renderError: { message: string; details: RenderErrorDetails } }
  | { id: number; bug: string };

interface Pending {
  resolve(objects: SourcedObject[]): void;
  reject(e: Error): void;
}

export class ParsePool {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  parseFile(file: string, opts: ParseOptions): Promise<SourcedObject[]> {
    return this.send({ file, opts });
  }

  parseText(text: string, opts: ParseOptions): Promise<SourcedObject[]> {
    return this.send({ text, opts });
  }

  /** Stops the worker (a new one starts on the next call). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private send(req: Omit<ParseRequest, 'id'>): Promise<SourcedObject[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const w = this.ensureWorker();
      w.ref();
      w.postMessage({ ...req, id });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./parse-worker.js', import.meta.url));
    w.on('message', (reply: ParseReply) => this.settle(reply));
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new BugError(`the parse worker stopped: ${e.message}`));
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = w;
    return w;
  }

  private settle(reply: ParseReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    // An idle pool never keeps a command (driftless manifests) or a test alive.
    if (this.pending.size === 0) this.worker?.unref();
    if ('objects' in reply) p.resolve(reply.objects);
    else if ('renderError' in reply)
      p.reject(new RenderError(reply.renderError.message, reply.renderError.details));
    else p.reject(new BugError(`parsing failed unexpectedly: ${reply.bug}`));
  }
}
