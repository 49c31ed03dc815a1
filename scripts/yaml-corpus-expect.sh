#!/usr/bin/env bash
# Regenerates testdata/yaml-corpus/*.expected.json from what kubectl (go-yaml, through
# sigs.k8s.io/yaml) reads in each case: the objects as JSON, or the error kubectl reports.
# `kubectl label --local ... x-` parses the file exactly as `kubectl apply -f` does, without a cluster.
# Usage: scripts/yaml-corpus-expect.sh [kubectl]   (default: kubectl on PATH; recorded with v1.34.4,
# whose `apply`/`create`, client and server dry runs, read these files the same way).
# Where Driftless deliberately differs, CASE.driftless.json says so and why (never regenerated).
set -euo pipefail
kubectl=${1:-kubectl}
dir=$(cd "$(dirname "$0")/../testdata/yaml-corpus" && pwd)
for f in "$dir"/*.yaml; do
  out="${f%.yaml}.expected.json"
  if json=$(KUBECONFIG=/dev/null "$kubectl" label --local -f "$f" driftless-corpus- -o json 2>/tmp/yaml-corpus-err); then
    printf '%s' "$json" | node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        // kubectl prints one pretty JSON object per document; only their first lines start with "{".
        const objects = s.split(/\n(?=\{)/).filter((p) => p.trim()).map((p) => JSON.parse(p));
        // Removing a label that is not there leaves an empty labels map behind: drop it.
        for (const o of objects) if (o.metadata && JSON.stringify(o.metadata.labels) === "{}") delete o.metadata.labels;
        process.stdout.write(JSON.stringify({ objects }, null, 2) + "\n");
      });' >"$out"
  else
    DIR="$dir/" node -e 'const e = require("fs").readFileSync(0, "utf8").trim().split("\n")[0].split(process.env.DIR).join("");
      process.stdout.write(JSON.stringify({ error: e }, null, 2) + "\n");' </tmp/yaml-corpus-err >"$out"
  fi
  echo "$(basename "$out")"
done
