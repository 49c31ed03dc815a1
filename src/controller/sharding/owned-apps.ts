// Which apps this replica has taken as their owner, so that a change of members, pins or fencing queues
// only the apps it gained (at once, ahead of routine work) instead of every app it owns (ADR 0050). Pure.

export class OwnedApps {
  private owned = new Set<string>();

  /**
   * Folds in whether each app (all of them, by name) is owned now; returns the ones gained since the
   * last look. Apps no longer listed (deleted) are forgotten.
   */
  update(apps: Iterable<{ name: string; owned: boolean }>): string[] {
    const next = new Set<string>();
    const gained: string[] = [];
    for (const { name, owned } of apps) {
      if (!owned) continue;
      next.add(name);
      if (!this.owned.has(name)) gained.push(name);
    }
    this.owned = next;
    return gained;
  }

  /** A worker took the app and found it owned, or not (then the next update counts it as gained again). */
  mark(name: string, owned: boolean): void {
    if (owned) this.owned.add(name);
    else this.owned.delete(name);
  }

  has(name: string): boolean {
    return this.owned.has(name);
  }
}
