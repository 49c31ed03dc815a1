// kwok's simulated container logs: one file, in the CRI log format the kubelet reads, served for every pod.

/** A kwok ClusterLogs selecting every pod: each container's log is `file`, followed as it grows. */
export function kwokClusterLogs(file: string): string {
  return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: driftless-pod-logs
spec:
  selector: {}
  logs:
  - logsFile: ${JSON.stringify(file)}
    follow: true`;
}

/** Lines in the CRI log format (`<RFC 3339 time> stdout F <text>`), as a container runtime writes them. */
export function criLogLines(texts: readonly string[], at: Date): string {
  return texts.map((t) => `${at.toISOString()} stdout F ${t}\n`).join('');
}

/** What every simulated container has logged when the cluster starts. */
export function kwokPodLogLines(at: Date): string {
  return criLogLines(['container started (simulated by kwok)', 'listening on :8080'], at);
}
