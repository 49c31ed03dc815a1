// What a client's watches received, per resource type: body bytes, events and connections (one tally a type).
/** Running totals of one type's watches; the watch loop adds to them in place (no lookup per chunk). */
export interface WatchTally {
  readonly group: string;
  readonly resource: string;
  /** Response body bytes as they came off the socket (newlines and bookmarks included). */
  bytes: number;
  /** Watch events, bookmarks and errors included: every line the server sent. */
  events: number;
  /** Watch requests answered 2xx (reconnects and re-lists add one each). */
  watches: number;
}

export class WatchTraffic {
  private readonly byType = new Map<string, WatchTally>();

  /** The tally of `resource.group`, created at its first watch; the caller keeps it for the stream. */
  tally(group: string, resource: string): WatchTally {
    const key = `${resource}.${group}`;
    let t = this.byType.get(key);
    if (!t) {
      t = { group, resource, bytes: 0, events: 0, watches: 0 };
      this.byType.set(key, t);
    }
    return t;
  }

  /** Copies of every type's totals so far. */
  snapshot(): WatchTally[] {
    return [...this.byType.values()].map((t) => ({ ...t }));
  }
}
