#!/usr/bin/env bash
# Installs what Driftless needs on a fresh machine, when missing: Debian packages
# (scripts/apt-packages.txt), npm dependencies, then the Go-built tools (scripts/build-tools.sh).
# Safe to run again: each step is skipped when already done.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
say() { printf '[prereqs] %s\n' "$*" >&2; }

# Debian packages
mapfile -t pkgs < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/apt-packages.txt" | grep -v '^$')
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js and npm dependencies
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$node_major" -ge 20 ] || { say "Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))"; exit 3; }
cd "$root"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ -f ui/package.json ] && { [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; }; then
  say "installing the UI's npm dependencies (npm ci in ui/)"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

# Go-built tools: control plane (etcd, kube-*, kwok), helm, kustomize
if [ "${DRIFTLESS_SKIP_TOOLS:-0}" != 1 ]; then
  bash "$here/build-tools.sh"
fi
