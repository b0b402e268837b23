#!/usr/bin/env bash
# Linux-side checks of the Power Query connector (the M engine itself runs only on Windows; see connector/README.md).
# Installs the pinned npm packages, runs the node tests (spec output), and ends with one line:
#   connector: N passed, N failed
# Needs node >= 20, npm, and dotnet (the .mez tests build it with `dotnet msbuild`).
set -uo pipefail
cd "$(dirname "$0")"

summary() { echo "connector: $1 passed, $2 failed"; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "connector checks need node >= 20 and npm on PATH" >&2
  summary 0 1; exit 1
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "connector checks need node >= 20 (found $(node --version))" >&2
  summary 0 1; exit 1
fi

# npm ci installs exactly package-lock.json; --prefer-offline reuses the npm cache when the registry is unreachable.
if ! npm ci --prefer-offline --no-audit --no-fund --loglevel=error >npm-ci.log 2>&1; then
  cat npm-ci.log >&2
  echo "npm ci failed: the pinned @microsoft/powerquery-* packages (package-lock.json) could not be installed." >&2
  echo "The npm registry (or a warm npm cache) is needed to install them." >&2
  rm -f npm-ci.log
  summary 0 1; exit 1
fi
rm -f npm-ci.log

tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap"
status=$?

passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
passed=${passed:-0}
failed=${failed:-0}
# A runner that crashed before reporting must not look green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$passed" "$failed"
exit $status
