// Argo CD's `lockRepo`: renders by plugins that set it run one at a time per repository, in call order.
// Our renders each get a private copy of the checkout, so the lock is not needed to protect files; it
// is kept for plugins that share state of their own between renders (a cache, a licence, a tool's
// lock file) and were written for Argo CD's serialisation.

export class RepoLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier call with the same key has settled (succeeded or failed). */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((r) => (release = r));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    try {
      await before;
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a render running or waiting (for tests and stats). */
  get held(): number {
    return this.tails.size;
  }
}
