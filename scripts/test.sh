#!/usr/bin/env bash
# The whole test suite (the README's test command runs this through `npm test`):
# prerequisites, typecheck + build (server and UI), lint, then the independent suites in parallel:
# unit tests, UI component tests, UI browser tests (mock API) and end-to-end tests (real control plane).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stage() { printf '\n=== %s (%ss)\n' "$*" "$SECONDS" >&2; }

stage "prerequisites"
bash scripts/install-prereqs.sh

stage "typecheck + build"
rm -rf dist
npx tsc -p tsconfig.json
npm --prefix ui run build --silent

stage "lint"
npx eslint . --max-warnings=0
npx knip --no-progress
npx prettier --check . --log-level warn
node scripts/gen-install.mjs --check

stage "tests (in parallel; logs in test-results/)"
mkdir -p test-results
pids=()
names=()
run() { # run NAME CMD...: one suite in the background, output to test-results/NAME.log
  local name="$1"; shift
  ("$@" >"test-results/$name.log" 2>&1) &
  pids+=($!); names+=("$name")
}
run unit node scripts/run-tests.mjs unit
run ui-unit npm --prefix ui test --silent
run ui-browser npm --prefix ui run test:browser --silent
run e2e node scripts/run-tests.mjs e2e
failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then status=ok; else status=FAILED; failed=1; fi
  stage "${names[$i]}: $status"
  [ "$status" = ok ] && tail -n 12 "test-results/${names[$i]}.log" || cat "test-results/${names[$i]}.log"
done
stage "summary"
# Lists skipped suites and tests; fails when one was skipped because a tool the README installs is missing.
node scripts/summarize-tests.mjs test-results/unit.log test-results/ui-unit.log test-results/ui-browser.log test-results/e2e.log || failed=1
exit "$failed"
