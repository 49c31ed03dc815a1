// Counters for /metrics under Argo CD's notification metric names.
export class NotifyStats {
  readonly deliveries = new Map<string, number>();
  readonly evaluations = new Map<string, number>();

  delivered(service: string, trigger: string, succeeded: boolean): void {
    const k = JSON.stringify([service, trigger, String(succeeded)]);
    this.deliveries.set(k, (this.deliveries.get(k) ?? 0) + 1);
  }

  evaluated(trigger: string, triggered: boolean): void {
    const k = JSON.stringify([trigger, String(triggered)]);
    this.evaluations.set(k, (this.evaluations.get(k) ?? 0) + 1);
  }

  /** Prometheus text: argocd_notifications_deliveries_total and argocd_notifications_trigger_eval_total. */
  text(): string {
    const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    const lines = [
      '# HELP argocd_notifications_deliveries_total Number of delivered notifications.',
      '# TYPE argocd_notifications_deliveries_total counter',
    ];
    for (const [k, n] of this.deliveries) {
      const [service = '', trigger = '', ok = ''] = JSON.parse(k) as string[];
      lines.push(
        `argocd_notifications_deliveries_total{exported_service="${esc(service)}",succeeded="${ok}",trigger="${esc(trigger)}"} ${n}`,
      );
    }
    lines.push(
      '# HELP argocd_notifications_trigger_eval_total Number of trigger evaluations.',
      '# TYPE argocd_notifications_trigger_eval_total counter',
    );
    for (const [k, n] of this.evaluations) {
      const [name = '', triggered = ''] = JSON.parse(k) as string[];
      lines.push(
        `argocd_notifications_trigger_eval_total{name="${esc(name)}",triggered="${triggered}"} ${n}`,
      );
    }
    return lines.join('\n') + '\n';
  }
}
