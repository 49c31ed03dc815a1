#!/usr/bin/env bash
# Builds the real control-plane components and rendering tools from their published Go modules
# into a cache outside the checkout, keyed by version:
#   ${DRIFTLESS_CACHE:-~/.cache/driftless}/bin/<component>-<version>/
# Usage: scripts/build-tools.sh [component ...]   (default: all)
# Components: etcd kubernetes kwok helm kustomize gotemplate sops sealed-secrets
# A component already in the cache costs nothing. A failed build names the component, the
# command and the log file, and exits non-zero.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

CACHE="${DRIFTLESS_CACHE:-$HOME/.cache/driftless}"
LOGS="$CACHE/logs"
mkdir -p "$CACHE/bin" "$LOGS"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
JOBS="${DRIFTLESS_BUILD_JOBS:-$(nproc)}"

command -v go >/dev/null || { echo "go is not installed: install Go >= 1.26 (https://go.dev/doc/install) and re-run $0" >&2; exit 3; }

# A half-built component never lands in the cache: its temp dir goes when the script exits.
CURRENT_TMP=""
trap '[ -n "$CURRENT_TMP" ] && rm -rf "$CURRENT_TMP"' EXIT

say() { printf '[build-tools] %s\n' "$*" >&2; }

# run_logged COMPONENT LOG CMD...: runs CMD with output into LOG; on failure says what failed.
run_logged() {
  local component="$1" log="$2"; shift 2
  printf '$ %s\n' "$*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    say "FAILED building $component"
    say "  command: $*"
    say "  log:     $log (last lines below)"
    tail -n 20 "$log" >&2
    exit 1
  fi
}

# dest COMPONENT VERSION: the cache directory for one component version.
dest() { printf '%s/bin/%s-%s' "$CACHE" "$1" "$2"; }

# build_component NAME VERSION FUNCTION: skip when done, else build into a temp dir and move in atomically.
build_component() {
  local name="$1" version="$2" fn="$3" out tmp log start
  out="$(dest "$name" "$version")"
  if [ -f "$out/.complete" ]; then say "$name $version: cached at $out"; return; fi
  log="$LOGS/$name-$version.log"; : >"$log"
  tmp="$(mktemp -d "$CACHE/bin/.$name-$version.XXXXXX")"
  CURRENT_TMP="$tmp"
  start=$(date +%s)
  say "$name $version: building (cold builds take minutes; log: $log)"
  "$fn" "$version" "$tmp" "$log"
  touch "$tmp/.complete"
  rm -rf "$out"; mv "$tmp" "$out"; CURRENT_TMP=""
  say "$name $version: built in $(( $(date +%s) - start ))s -> $out"
}

# A throwaway module per build, so upstream replace directives never get in the way.
scratch_module() { local d; d="$(mktemp -d)"; (cd "$d" && go mod init "local/$1-build" >/dev/null 2>&1); echo "$d"; }

build_kubernetes() {
  local version="$1" out="$2" log="$3" w staging minor up ldf now m
  w="$(scratch_module kubernetes)"; cd "$w"
  staging="v0${version#v1}"; minor="$(cut -d. -f2 <<<"$version")"
  run_logged kubernetes "$log" go mod download "k8s.io/kubernetes@$version"
  up="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$version.mod"
  # k8s.io/kubernetes requires its staging modules at v0.0.0; point each at its published twin.
  for m in $(sed -n 's|^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/.*|\1|p' "$up"); do
    go mod edit -replace="$m=$m@$staging"
  done
  local cmds="kube-apiserver kube-controller-manager kube-scheduler kubectl"
  # shellcheck disable=SC2046
  run_logged kubernetes "$log" go get $(for c in $cmds; do echo "k8s.io/kubernetes/cmd/$c@$version"; done)
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"; ldf="-s -w"
  for m in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf+=" -X $m.gitVersion=$version -X $m.gitMajor=1 -X $m.gitMinor=$minor -X $m.gitTreeState=clean -X $m.buildDate=$now"
  done
  # shellcheck disable=SC2046
  run_logged kubernetes "$log" go build -p "$JOBS" -trimpath -tags selinux,notest -ldflags "$ldf" -o "$out/" \
    $(for c in $cmds; do echo "k8s.io/kubernetes/cmd/$c"; done)
  run_logged kubernetes "$log" "$out/kube-apiserver" --version
  cd /; rm -rf "$w"
}

build_etcd() {
  local version="$1" out="$2" log="$3" w
  w="$(scratch_module etcd)"; cd "$w"
  run_logged etcd "$log" go get "go.etcd.io/etcd/server/v3@$version"
  run_logged etcd "$log" go build -p "$JOBS" -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
  run_logged etcd "$log" "$out/etcd" --version
  cd /; rm -rf "$w"
}

build_kwok() {
  local version="$1" out="$2" log="$3" stages
  run_logged kwok "$log" env GOBIN="$out" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$version"
  # kwok >= v0.8.0 ships no built-in stages; keep the upstream "fast" stages next to the binary.
  stages="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$version/kustomize/stage"
  mkdir -p "$out/stages"
  local f
  for f in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease \
           pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    cp "$stages/$f.yaml" "$out/stages/$(basename "$f").yaml"
  done
}

build_helm() {
  local version="$1" out="$2" log="$3" minor p ldf
  minor="$(cut -d. -f2 <<<"$KUBERNETES_VERSION")"
  ldf="-s -w -X helm.sh/helm/v3/internal/version.version=$version"
  for p in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
    ldf+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$minor"
  done
  run_logged helm "$log" env GOBIN="$out" go install -trimpath -ldflags "$ldf" "helm.sh/helm/v3/cmd/helm@$version"
  run_logged helm "$log" "$out/helm" version
}

build_kustomize() {
  local version="$1" out="$2" log="$3"
  run_logged kustomize "$log" env GOBIN="$out" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kustomize/kustomize/v5@$version"
}

# The Go text/template + sprig + expr engine as WebAssembly (tools/gotemplate-wasm), used by
# ApplicationSet and notification templates. Its cache key is a hash of its sources (go.mod pins
# the module versions), computed the same way by src/gotmpl/wasm-path.ts.
gotemplate_key() {
  local src="$here/../tools/gotemplate-wasm"
  (cd "$src" && cat go.mod go.sum $(LC_ALL=C ls *.go)) | sha256sum | cut -c1-12
}
build_gotemplate() {
  local out="$2" log="$3"
  cd "$here/../tools/gotemplate-wasm"
  run_logged gotemplate "$log" env GOOS=wasip1 GOARCH=wasm go build -trimpath -ldflags "-s -w" \
    -buildmode=c-shared -o "$out/gotemplate.wasm" .
  cd /
}

# sops (decrypts at render time) and age-keygen (tests make keys) in one scratch module: age-keygen
# comes at the age version sops itself requires, so the two share one dependency download.
build_sops() {
  local version="$1" out="$2" log="$3" w
  w="$(scratch_module sops)"; cd "$w"
  run_logged sops "$log" go get "github.com/getsops/sops/v3/cmd/sops@$version"
  run_logged sops "$log" go build -p "$JOBS" -trimpath -ldflags "-s -w" -o "$out/" \
    github.com/getsops/sops/v3/cmd/sops filippo.io/age/cmd/age-keygen
  run_logged sops "$log" "$out/sops" --version --disable-version-check
  cd /; rm -rf "$w"
}

# The Sealed Secrets controller and kubeseal (tests run the real controller against the local cluster).
build_sealed_secrets() {
  local version="$1" out="$2" log="$3" w
  w="$(scratch_module sealed-secrets)"; cd "$w"
  run_logged sealed-secrets "$log" go get "github.com/bitnami-labs/sealed-secrets@$version"
  run_logged sealed-secrets "$log" go build -p "$JOBS" -trimpath -ldflags "-s -w -X main.VERSION=$version" -o "$out/" \
    github.com/bitnami-labs/sealed-secrets/cmd/controller github.com/bitnami-labs/sealed-secrets/cmd/kubeseal
  # The CRD the tests install, from the same module version.
  run_logged sealed-secrets "$log" cp "$(go env GOMODCACHE)/github.com/bitnami-labs/sealed-secrets@$version/helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml" "$out/"
  cd /; rm -rf "$w"
}

components=("$@")
[ ${#components[@]} -gt 0 ] || components=(etcd kubernetes kwok helm kustomize gotemplate sops sealed-secrets)
for c in "${components[@]}"; do
  case "$c" in
    etcd)       build_component etcd "$ETCD_VERSION" build_etcd ;;
    kubernetes) build_component kubernetes "$KUBERNETES_VERSION" build_kubernetes ;;
    kwok)       build_component kwok "$KWOK_VERSION" build_kwok ;;
    helm)       build_component helm "$HELM_VERSION" build_helm ;;
    kustomize)  build_component kustomize "$KUSTOMIZE_VERSION" build_kustomize ;;
    gotemplate) build_component gotemplate "$(gotemplate_key)" build_gotemplate ;;
    sops)       build_component sops "$SOPS_VERSION" build_sops ;;
    sealed-secrets) build_component sealed-secrets "$SEALED_SECRETS_VERSION" build_sealed_secrets ;;
    *) say "unknown component '$c' (known: etcd kubernetes kwok helm kustomize gotemplate sops sealed-secrets)"; exit 2 ;;
  esac
done
