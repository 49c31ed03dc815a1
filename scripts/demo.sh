#!/usr/bin/env bash
# The demo: a local real control plane, a sample Git repository, `driftless server`, and sample
# Applications (plain YAML and Kustomize overlays), then how to watch them converge. Ctrl-C stops the server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
DEMO_PORT="${DEMO_PORT:-8080}"
state="${XDG_STATE_HOME:-$HOME/.local/state}/driftless/demo"
say() { printf '\033[1m[demo]\033[0m %s\n' "$*" >&2; }

bash scripts/install-prereqs.sh
say "building driftless"
npx tsc -p tsconfig.json
[ -f ui/package.json ] && { npm --prefix ui ci --no-audit --no-fund --loglevel=error && npm --prefix ui run build >/dev/null; } || true

say "starting the local control plane 'demo'"
node bin/driftless.js local-cluster up --name demo >/dev/null
KC="$(node bin/driftless.js local-cluster kubeconfig --name demo)"

repo="$state/repo"
if [ ! -d "$repo/.git" ]; then
  say "creating the sample Git repository at $repo"
  mkdir -p "$repo"; cp -r examples/repo/. "$repo/"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c user.name=demo -c user.email=demo@example.invalid commit -qm "sample apps"
fi

say "starting driftless server (log: $state/server.log)"
node bin/driftless.js server --install-crds --insecure --kubeconfig "$KC" --port "$DEMO_PORT" --poll-interval 10 >"$state/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$DEMO_PORT/readyz" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$DEMO_PORT/readyz" >/dev/null || { tail -20 "$state/server.log"; exit 1; }

for f in examples/apps/*.yaml; do
  sed "s|REPO_URL|file://$repo|" "$f" | kubectl --kubeconfig "$KC" apply -f - >/dev/null
done
say "applied $(ls examples/apps/*.yaml | wc -l) Applications"

cat <<MSG

Driftless is running against the local cluster "demo".
  UI and API:        http://127.0.0.1:$DEMO_PORT/   (user admin; password: $(kubectl --kubeconfig "$KC" -n argocd get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d))
  watch the apps:    kubectl --kubeconfig $KC -n argocd get applications -w
  the sample repo:   $repo   (commit a change, e.g. replicas in guestbook/deployment.yaml, and watch it roll out)
  make drift:        kubectl --kubeconfig $KC -n guestbook scale deployment guestbook-ui --replicas=5   (self-heal reverts it)
  server log:        tail -f $state/server.log
Ctrl-C stops the server; 'node bin/driftless.js local-cluster down --name demo' stops the cluster.
MSG
wait $server
