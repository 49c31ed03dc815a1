// A Prometheus histogram (cumulative buckets, sum, count) with optional labels, rendered in text format.

export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

interface Series {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[] = DURATION_BUCKETS,
  ) {}

  /** `labels` is already rendered (`a="b",c="d"`) so hot paths do not rebuild it. */
  observe(value: number, labels = ''): void {
    let s = this.series.get(labels);
    if (!s) this.series.set(labels, (s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= (this.buckets[i] ?? 0)) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [labels, s] of this.series) {
      const sep = labels ? ',' : '';
      this.buckets.forEach((b, i) =>
        lines.push(`${this.name}_bucket{${labels}${sep}le="${b}"} ${s.counts[i]}`),
      );
      lines.push(`${this.name}_bucket{${labels}${sep}le="+Inf"} ${s.count}`);
      const l = labels ? `{${labels}}` : '';
      lines.push(`${this.name}_sum${l} ${s.sum}`, `${this.name}_count${l} ${s.count}`);
    }
    return lines;
  }
}

/** Escapes a label value for the text format. */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
