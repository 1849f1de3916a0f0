#!/usr/bin/env bash
# The one test command (`npm test`): type-check, then unit tests, integration tests against a
# real server with real clients, and browser tests in real Chromium — one after the other,
# so the timing-sensitive suites never share the two cores with each other.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
echo "== type-check"
npx tsc --noEmit -p .
echo "== unit"
npx vitest run --project unit
echo "== integration"
npx vitest run --project integration
echo "== browser"
npx vitest run --project e2e
