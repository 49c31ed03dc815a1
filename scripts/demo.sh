#!/usr/bin/env bash
# The demo: a local real control plane, a sample Git repository, Driftless, and sample Applications.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-prereqs.sh
npx tsc -p tsconfig.json
node bin/driftless.js cluster up --name demo >/dev/null
KUBECONFIG_PATH="$(node bin/driftless.js cluster kubeconfig --name demo)"
if [ -f dist/src/cli/demo.js ]; then
  exec node dist/src/cli/demo.js --kubeconfig "$KUBECONFIG_PATH"
fi
cat <<MSG

The local control plane "demo" is running.
  kubectl --kubeconfig $KUBECONFIG_PATH get nodes
  node bin/driftless.js cluster status --name demo
  node bin/driftless.js cluster down --name demo
MSG
