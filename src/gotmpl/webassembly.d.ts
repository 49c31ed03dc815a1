// The slice of the WebAssembly JS API this layer uses (Node has it; lib "ES2023" does not declare it).
declare namespace WebAssembly {
  type ImportValue = ((...args: never[]) => unknown) | Memory;
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, ImportValue>>);
    readonly exports: Record<string, unknown>;
  }
}
