#!/usr/bin/env bash
# The whole test suite (the README's test command runs this through `npm test`):
# prerequisites, typecheck + build, lint, then unit and end-to-end tests in parallel.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stage() { printf '\n=== %s (%ss)\n' "$*" "$SECONDS" >&2; }

stage "prerequisites"
bash scripts/install-prereqs.sh

stage "typecheck + build"
rm -rf dist
npx tsc -p tsconfig.json

stage "lint"
npx eslint . --max-warnings=0
npx prettier --check . --log-level warn

stage "unit and end-to-end tests (in parallel)"
mkdir -p test-results
node scripts/run-tests.mjs unit >test-results/unit.log 2>&1 &
unit_pid=$!
node scripts/run-tests.mjs e2e 2>&1 | tee test-results/e2e.log
e2e_status=${PIPESTATUS[0]}
unit_status=0; wait "$unit_pid" || unit_status=$?
stage "unit test output"
cat test-results/unit.log
stage "done: unit exit $unit_status, e2e exit $e2e_status"
node scripts/summarize-tests.mjs test-results/unit.log test-results/e2e.log
[ "$unit_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
