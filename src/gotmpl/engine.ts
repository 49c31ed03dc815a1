// One instance of the Go template engine (WebAssembly), loaded on first use; JSON requests in, JSON answers out.
import { readFileSync } from 'node:fs';
import { BugError } from '../common/errors.js';
import { enginePath } from './wasm-path.js';
import { createWasiShim, type WasiShim } from './wasi-shim.js';

export interface EngineRequest {
  op: 'template' | 'expr' | 'version';
  templates?: readonly string[];
  data?: unknown;
  options?: readonly string[];
  funcs?: FuncSet;
  expression?: string;
  env?: Record<string, unknown>;
}

/** Which extra functions are in scope: Argo CD ApplicationSet's or notifications'. */
export type FuncSet = 'appset' | 'notifications' | 'sprig';

export interface EngineResult {
  value?: unknown;
  error?: string;
  phase?: 'parse' | 'execute';
}

interface EngineResponse {
  results?: EngineResult[];
  error?: string;
}

interface Exports {
  memory: WebAssembly.Memory;
  _initialize: () => void;
  inputBuffer: (n: number) => number;
  outputPointer: () => number;
  call: (n: number) => number;
}

interface Instance {
  exports: Exports;
  wasi: WasiShim;
}

let instance: Instance | undefined;

function load(): Instance {
  const wasi = createWasiShim();
  const module = new WebAssembly.Module(readFileSync(enginePath()));
  const inst = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi.imports });
  const exports = inst.exports as unknown as Exports;
  wasi.bind(exports.memory);
  exports._initialize();
  return { exports, wasi };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Sends one request to the engine and returns its results (synchronously: the engine never waits). */
export function callEngine(request: EngineRequest): EngineResult[] {
  instance ??= load();
  const { exports, wasi } = instance;
  const input = encoder.encode(JSON.stringify(request));
  let answer: EngineResponse;
  try {
    const ptr = exports.inputBuffer(input.length);
    new Uint8Array(exports.memory.buffer, ptr, input.length).set(input);
    const n = exports.call(input.length);
    const out = new Uint8Array(exports.memory.buffer, exports.outputPointer(), n);
    answer = JSON.parse(decoder.decode(out)) as EngineResponse;
  } catch (err) {
    // A trap leaves the Go runtime in an unknown state: start a fresh instance next time.
    instance = undefined;
    throw new BugError(`the Go template engine failed: ${String(err)} ${wasi.stderr().slice(-500)}`.trim(), {
      cause: err,
    });
  }
  if (answer.error !== undefined)
    throw new BugError(`the Go template engine refused a request: ${answer.error}`);
  return answer.results ?? [];
}
