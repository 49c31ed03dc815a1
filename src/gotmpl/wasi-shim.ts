// The few WASI preview1 calls a Go wasip1 module makes, served without a file system or env.
import { randomFillSync } from 'node:crypto';

const ESUCCESS = 0;
const EBADF = 8;
const ENOSYS = 52;

/** Thrown by proc_exit: the Go runtime gave up (it printed why on fd 2, captured in `stderr`). */
export class WasiExit extends Error {
  constructor(readonly code: number) {
    super(`the WebAssembly module exited with code ${code}`);
  }
}

export interface WasiShim {
  imports: Record<string, WebAssembly.ImportValue>;
  bind(memory: WebAssembly.Memory): void;
  /** What the module wrote to stdout/stderr (the Go runtime reports panics there). */
  stderr(): string;
}

/** A WASI with empty args and environment, a real clock and randomness, stdout/stderr captured. */
export function createWasiShim(now: () => bigint = () => BigInt(Date.now()) * 1_000_000n): WasiShim {
  let memory: WebAssembly.Memory | undefined;
  let written = '';
  const view = (): DataView => {
    if (!memory) throw new Error('WASI memory is not bound yet');
    return new DataView(memory.buffer);
  };
  const bytes = (ptr: number, len: number): Uint8Array => {
    if (!memory) throw new Error('WASI memory is not bound yet');
    return new Uint8Array(memory.buffer, ptr, len);
  };
  const zeroSizes = (countPtr: number, sizePtr: number): number => {
    view().setUint32(countPtr, 0, true);
    view().setUint32(sizePtr, 0, true);
    return ESUCCESS;
  };
  const monotonicStart = process.hrtime.bigint();
  const imports: Record<string, WebAssembly.ImportValue> = {
    args_sizes_get: zeroSizes,
    environ_sizes_get: zeroSizes,
    args_get: () => ESUCCESS,
    environ_get: () => ESUCCESS,
    clock_time_get: (id: number, _precision: bigint, out: number) => {
      const t = id === 0 ? now() : process.hrtime.bigint() - monotonicStart;
      view().setBigUint64(out, t, true);
      return ESUCCESS;
    },
    random_get: (ptr: number, len: number) => {
      randomFillSync(bytes(ptr, len));
      return ESUCCESS;
    },
    fd_write: (fd: number, iovs: number, iovsLen: number, nwritten: number) => {
      if (fd !== 1 && fd !== 2) return EBADF;
      let total = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = view().getUint32(iovs + i * 8, true);
        const len = view().getUint32(iovs + i * 8 + 4, true);
        written = (written + Buffer.from(bytes(ptr, len)).toString('utf8')).slice(-8192);
        total += len;
      }
      view().setUint32(nwritten, total, true);
      return ESUCCESS;
    },
    fd_fdstat_get: (fd: number, out: number) => {
      if (fd > 2) return EBADF;
      bytes(out, 24).fill(0);
      view().setUint8(out, 2); // character device
      return ESUCCESS;
    },
    fd_prestat_get: () => EBADF, // no preopened directories: no file system at all
    proc_exit: (code: number) => {
      throw new WasiExit(code);
    },
    sched_yield: () => ESUCCESS,
  };
  const names = [
    'poll_oneoff',
    'fd_close',
    'fd_filestat_set_size',
    'fd_pread',
    'fd_pwrite',
    'fd_read',
    'fd_readdir',
    'fd_seek',
    'fd_filestat_get',
    'fd_sync',
    'path_filestat_get',
    'path_open',
    'fd_fdstat_set_flags',
    'fd_prestat_dir_name',
    'sock_accept',
    'sock_shutdown',
  ];
  for (const name of names) imports[name] = () => ENOSYS;
  return {
    imports,
    bind: (m) => {
      memory = m;
    },
    stderr: () => written,
  };
}
